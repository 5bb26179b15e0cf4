/* Gallery lightbox (lintas/plugins/photos). No framework; no inline code or styles (CSP).
   Without this script each gallery photo is a plain link to its largest rendition.
   Keys: arrows move, Esc closes, focus returns to the photo that opened it.
   Touch: swipe left or right. Words come from the <script> tag's data-* (gettext). */
(function () {
  "use strict";
  var words = document.currentScript.dataset;
  var links = document.querySelectorAll(".gallery .gallery__link");
  if (!links.length || typeof HTMLDialogElement !== "function") return;

  var SWIPE = 40; // px of horizontal travel that count as a swipe, not a tap
  var box = document.createElement("dialog");
  var stage = document.createElement("figure");
  var count = document.createElement("p");
  var set = [], at = 0, opener = null, startX = null, swiped = false;

  function button(name, label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "lightbox__" + name;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", action);
    box.appendChild(b);
  }

  box.className = "lightbox";
  box.setAttribute("aria-label", words.label);
  stage.className = "lightbox__stage";
  count.className = "lightbox__count";
  count.setAttribute("aria-live", "polite");
  button("close", words.close, function () { box.close(); });
  box.appendChild(stage);
  box.appendChild(count);
  button("prev", words.prev, function () { show(at - 1); });
  button("next", words.next, function () { show(at + 1); });
  document.body.appendChild(box);

  function show(index) {
    at = (index + set.length) % set.length;
    var link = set[at];
    var picture = link.querySelector("picture").cloneNode(true);
    var caption = link.parentNode.querySelector("figcaption");
    // Full screen now: let the browser pick the rendition for the viewport.
    picture.querySelectorAll("source, img").forEach(function (el) { el.sizes = "100vw"; });
    var img = picture.querySelector("img");
    img.removeAttribute("loading");
    stage.replaceChildren(picture);
    if (caption) stage.appendChild(caption.cloneNode(true));
    count.textContent = words.counter
      .replace("{index}", at + 1).replace("{total}", set.length);
  }

  function open(link) {
    set = Array.prototype.slice.call(
      link.closest(".gallery").querySelectorAll(".gallery__link"));
    opener = link;
    show(set.indexOf(link));
    box.showModal();
  }

  links.forEach(function (link) {
    link.addEventListener("click", function (event) {
      // A new tab or window (middle click, modifier keys) keeps the plain link.
      if (event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      event.preventDefault();
      open(link);
    });
  });

  box.addEventListener("keydown", function (event) {
    if (event.key === "ArrowRight") show(at + 1);
    else if (event.key === "ArrowLeft") show(at - 1);
    else return;
    event.preventDefault();
  });
  // Esc (the dialog's own "cancel"), the close button and a tap beside the photo.
  box.addEventListener("close", function () {
    stage.replaceChildren();
    if (opener) opener.focus();
  });
  box.addEventListener("click", function (event) {
    if (!swiped && (event.target === box || event.target === stage)) box.close();
    swiped = false;
  });

  box.addEventListener("pointerdown", function (event) {
    startX = event.clientX;
    swiped = false;
  });
  box.addEventListener("pointerup", function (event) {
    if (startX === null) return;
    var dx = event.clientX - startX;
    startX = null;
    if (Math.abs(dx) < SWIPE) return;
    swiped = true;
    show(dx < 0 ? at + 1 : at - 1);
  });
  box.addEventListener("pointercancel", function () { startX = null; });
})();
