/* Lintas live preview — dev builds of lintas serve only (lintas/plugins/live_preview).
 *
 * Asks the preview server which build is current; a page from an older build
 * reloads itself. The build's problems (and a failed rebuild) show as a banner.
 * Polling rather than an EventSource: every open tab's EventSource would hold
 * one of the browser's six HTTP/1.1 connections to the server, and with a few
 * tabs open the next page would hang.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) {
    return;
  }
  var opts = script.dataset;
  var poll = Number(opts.poll) || 1000;
  var slowest = poll * 8; // back off while the server is stopped
  var delay = poll;
  var shown = null; // what the banner shows now: redraw only on change
  var dismissed = null; // what the editor closed: do not show it again

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function problemItem(entry) {
    var item = element("li", "live-banner__problem");
    var where = entry.path ? entry.path + (entry.line ? ":" + entry.line : "") : "";
    if (where && entry.text.indexOf(where) === 0) {
      item.appendChild(element("code", "live-banner__where", where));
      item.appendChild(document.createTextNode(entry.text.slice(where.length)));
    } else {
      item.textContent = entry.text;
    }
    return item;
  }

  function fill(template, name, value) {
    return (template || "").replace("{" + name + "}", value);
  }

  function render(state) {
    // Only the files' problems are listed and counted: one item per line of
    // the terminal that names a file. Summary lines stay in the terminal.
    var problems = (state.problems || []).filter(function (entry) {
      return entry.path;
    });
    var key = JSON.stringify([state.error || "", state.retry_in_s, problems]);
    if (key === shown) {
      return;
    }
    shown = key;
    var old = document.getElementById("live-banner");
    if (old) {
      old.parentNode.removeChild(old);
    }
    if ((!state.error && !problems.length) || key === dismissed) {
      return;
    }
    var banner = element("section", "live-banner");
    banner.id = "live-banner";
    banner.setAttribute("role", "alert");
    var close = element("button", "live-banner__close", opts.close);
    close.type = "button";
    close.addEventListener("click", function () {
      dismissed = key;
      banner.parentNode.removeChild(banner);
    });
    banner.appendChild(close);
    if (state.error) {
      banner.appendChild(element("h2", "live-banner__title", opts.titleFailed));
      var which = state.built_at ? fill(opts.shownBuild, "time", state.built_at) : "";
      if (state.retry_in_s) {
        which += " " + fill(opts.retrying, "seconds", String(state.retry_in_s));
      }
      if (which) {
        banner.appendChild(element("p", "live-banner__which", which.trim()));
      }
      banner.appendChild(element("pre", "live-banner__error", state.error));
    }
    if (problems.length) {
      banner.appendChild(
        element("h2", "live-banner__title", opts.titleProblems + " (" + problems.length + ")")
      );
      var list = element("ul", "live-banner__list");
      problems.forEach(function (entry) {
        list.appendChild(problemItem(entry));
      });
      banner.appendChild(list);
    }
    var note = element("p", "live-banner__note", opts.note + " ");
    if (opts.desk) {
      var desk = element("a", "live-banner__desk", opts.deskLabel);
      desk.href = opts.desk;
      note.appendChild(desk);
    }
    banner.appendChild(note);
    document.body.insertBefore(banner, document.body.firstChild);
  }

  function check() {
    fetch(opts.state, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (state) {
        if (state.build && state.build !== opts.build) {
          window.location.reload();
          return true;
        }
        render(state);
        delay = poll;
        return false;
      })
      .catch(function () {
        delay = Math.min(delay * 2, slowest);
        return false;
      })
      .then(function (reloading) {
        if (!reloading) {
          window.setTimeout(check, delay);
        }
      });
  }

  if (!document.querySelector('link[href="' + opts.stylesheet + '"]')) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = opts.stylesheet;
    document.head.appendChild(link);
  }
  check();
})();
