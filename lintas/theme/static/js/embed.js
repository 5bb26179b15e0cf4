// plugins/embeds: a tap on a video or post facade loads the platform's player
// in its place. Until then the facade is a plain link and nothing is requested
// from the platform. External file: the Content-Security-Policy forbids inline
// scripts, and its frame-src lists the platforms' player hosts (deploy/nginx.conf).
"use strict";
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.embed__link[data-embed-src]");
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
    return; // a new tab or window gets the post itself
  }
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.className = "embed__frame";
  frame.title = link.getAttribute("data-embed-title") || "";
  frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen; clipboard-write");
  frame.setAttribute("allowfullscreen", "");
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  frame.src = link.getAttribute("data-embed-src");
  link.replaceWith(frame);
  frame.focus();
});
