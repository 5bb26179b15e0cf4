/* The Lintas web desk: what Decap CMS needs to write Lintas stories.
 *
 * - the Indonesian locale (made from the gettext catalog by the server);
 * - the `lintas-header` format: `Key: value` lines, a blank line, the body,
 *   read and written exactly as lintas/core/frontmatter.py reads them. A line
 *   whose value did not change is written back byte for byte, so changing one
 *   field of a story changes one line of its file;
 * - the body editor `lintas-body`: a plain text area (Decap's Markdown widget
 *   re-escapes whole bodies) with Photo and Gallery buttons whose forms come
 *   from the photo and gallery editor components registered below;
 * - `lintas-sponsor`: the Sponsor field, offered for advertorials only;
 * - the preview: the story in the site's own styles, and the problems the
 *   newsroom rules and the last build found in the saved story.
 *
 * LINTAS_DESK (desk-data.js, written by lintas/desk/server.py) carries the
 * strings, the header fields of lintas/core/schema.py and the styles.
 */
(function () {
  "use strict";
  var DESK = window.LINTAS_DESK;
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;

  function t(key, vars) {
    var text = DESK.strings[key] || key;
    Object.keys(vars || {}).forEach(function (name) {
      text = text.split("%{" + name + "}").join(vars[name]);
    });
    return text;
  }

  CMS.registerLocale(DESK.language, DESK.locale);

  /* ---- the header format ------------------------------------------------ */

  var FIELD = /^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*)$/;
  var CONTINUATION = /^(?: {4}|\t)(.*)$/;
  var SPECS = {}; // lower-case header name -> {name, key, kind}
  var RANK = {}; // data key -> position in the header order
  DESK.fields.forEach(function (spec, index) {
    SPECS[spec.name.toLowerCase()] = spec;
    if (!(spec.key in RANK)) RANK[spec.key] = index;
  });

  /* Header lines as frontmatter.py sees them: [{name, value, raw: [lines]}]. */
  function parseFile(text) {
    var lines = text.split("\n");
    var header = [];
    var index = 0;
    for (; index < lines.length; index++) {
      var line = lines[index].replace(/\r$/, "");
      if (!line.trim()) {
        index++;
        break;
      }
      var continued = CONTINUATION.exec(line);
      var match = FIELD.exec(line);
      if (continued && header.length) {
        var last = header[header.length - 1];
        last.value = (last.value + " " + continued[1].trim()).trim();
        last.raw.push(lines[index]);
      } else if (match) {
        header.push({ name: match[1], value: match[2].trim(), raw: [lines[index]] });
      } else if (!header.length) {
        index = 0; // no header: the whole file is body
        break;
      } else {
        header.push({ name: null, value: "", raw: [lines[index]] }); // kept as it is
      }
    }
    return { header: header, body: lines.slice(index).join("\n") };
  }

  function splitList(value) {
    return String(value || "")
      .split(",")
      .map(function (part) { return part.trim(); })
      .filter(Boolean);
  }

  function decode(kind, value) {
    if (kind === "list" || kind === "authors") return splitList(value);
    if (kind === "correction") {
      var at = value.indexOf("|");
      return at < 0
        ? { time: value.trim(), text: "" }
        : { time: value.slice(0, at).trim(), text: value.slice(at + 1).trim() };
    }
    return value.trim();
  }

  /* A data value in the shape decode() gives, to compare old with new. */
  function normal(kind, value) {
    if (kind === "list" || kind === "authors") {
      var items = value && value.toJS ? value.toJS() : value;
      if (typeof items === "string") return splitList(items);
      return (items || []).map(function (v) { return String(v).trim(); }).filter(Boolean);
    }
    if (kind === "correction") {
      return { time: String((value && value.time) || "").trim(), text: String((value && value.text) || "").trim() };
    }
    if (value === null || value === undefined) return "";
    return String(value).replace(/\s*[\r\n]+\s*/g, " ").trim();
  }

  function encode(kind, value) {
    var v = normal(kind, value);
    if (kind === "list" || kind === "authors") return v.join(", ");
    if (kind === "correction") return v.time + " | " + v.text;
    return v;
  }

  function isEmpty(kind, value) {
    var v = normal(kind, value);
    if (kind === "correction") return !v.time && !v.text;
    return Array.isArray(v) ? v.length === 0 : v === "";
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function fromFile(content) {
    var parsed = parseFile(content);
    var data = { body: parsed.body };
    parsed.header.forEach(function (line) {
      var spec = line.name && SPECS[line.name.toLowerCase()];
      if (!spec) return;
      if (spec.kind === "correction") {
        (data.correction = data.correction || []).push(decode("correction", line.value));
      } else if (!(spec.key in data)) {
        data[spec.key] = decode(spec.kind, line.value);
      }
    });
    data[DESK.headerField] = JSON.stringify(parsed.header);
    return data;
  }

  function headerName(spec, value, written) {
    if (spec.kind !== "authors") return written || spec.name;
    return normal("authors", value).length > 1 ? "Authors" : written || "Author";
  }

  function toFile(data) {
    var original = data[DESK.headerField] ? JSON.parse(data[DESK.headerField]) : null;
    var out = []; // [{rank, lines}]
    var done = {};
    var corrections = (data.correction && data.correction.toJS ? data.correction.toJS() : data.correction) || [];
    var nextCorrection = 0;
    var rank = -1;
    (original || []).forEach(function (line) {
      var spec = line.name && SPECS[line.name.toLowerCase()];
      if (!spec) {
        out.push({ rank: rank, lines: line.raw }); // a line the desk does not edit
        return;
      }
      rank = RANK[spec.key];
      if (spec.kind === "correction") {
        var item = corrections[nextCorrection++];
        if (item === undefined || isEmpty("correction", item)) return;
        out.push({
          rank: rank,
          lines: same(decode("correction", line.value), normal("correction", item))
            ? line.raw
            : [line.name + ": " + encode("correction", item)],
        });
        return;
      }
      if (done[spec.key]) {
        out.push({ rank: rank, lines: line.raw }); // a second line; lintas check says so
        return;
      }
      done[spec.key] = true;
      var value = data[spec.key];
      if (same(decode(spec.kind, line.value), normal(spec.kind, value))) {
        out.push({ rank: rank, lines: line.raw });
      } else if (!isEmpty(spec.kind, value)) {
        out.push({ rank: rank, lines: [headerName(spec, value, line.name) + ": " + encode(spec.kind, value)] });
      }
    });
    // Fields the file did not have, each after the fields it follows in the schema.
    DESK.fields.forEach(function (spec) {
      if (spec.kind === "slug") return;
      var added = [];
      if (spec.kind === "correction") {
        corrections.slice(nextCorrection).forEach(function (item) {
          if (!isEmpty("correction", item)) added.push(spec.name + ": " + encode("correction", item));
        });
        nextCorrection = corrections.length;
      } else if (!done[spec.key] && !isEmpty(spec.kind, data[spec.key])) {
        done[spec.key] = true;
        added.push(headerName(spec, data[spec.key]) + ": " + encode(spec.kind, data[spec.key]));
      }
      if (!added.length) return;
      var at = out.length;
      while (at > 0 && out[at - 1].rank > RANK[spec.key]) at--;
      out.splice(at, 0, { rank: RANK[spec.key], lines: added });
    });
    var header = [];
    out.forEach(function (item) { header.push.apply(header, item.lines); });
    var body = data.body || "";
    if (!original && body.slice(-1) !== "\n") body += "\n"; // a new file ends its last line
    return header.join("\n") + "\n\n" + body;
  }

  CMS.registerCustomFormat("lintas-header", "md", { fromFile: fromFile, toFile: toFile });

  /* ---- photos: editor components, shared with the body editor ------------ */

  var PHOTO_FIELDS = [
    { name: "src", label: t("photo.file"), widget: "image", choose_url: false },
    { name: "alt", label: t("photo.alt"), widget: "string", required: true },
    { name: "caption", label: t("photo.caption"), widget: "string", required: false },
    { name: "credit", label: t("photo.credit"), widget: "string", required: false },
  ];
  var IMAGE = /!\[([^\]]*)\]\((<[^>]*>|[^\s)]+)(?:\s+"((?:[^"]|"(?!\)))*)")?\)/;

  function clean(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  function photoMarkdown(photo) {
    var src = clean(photo.src);
    if (/[\s()<>]/.test(src)) src = "<" + src + ">";
    var caption = clean(photo.caption);
    var credit = clean(photo.credit);
    var title = credit ? caption + " | " + credit : caption;
    var alt = clean(photo.alt).replace(/[\[\]]/g, "");
    return "![" + alt + "](" + src + (title ? ' "' + title.replace(/"\)/g, '" )') + '"' : "") + ")";
  }

  function photoFromMatch(match) {
    var title = match[3] || "";
    var at = title.indexOf(" | ");
    return {
      alt: match[1],
      src: match[2].replace(/^<|>$/g, ""),
      caption: at < 0 ? title : title.slice(0, at),
      credit: at < 0 ? "" : title.slice(at + 3),
    };
  }

  function photoHtml(photo, getAsset, className) {
    var asset = getAsset ? getAsset(photo.src) : null;
    var url = asset ? String(asset) : photo.src;
    var credit = photo.credit ? h("span", { className: "credit" }, "Foto: " + photo.credit) : null;
    return h(
      "figure",
      { className: className || "photo", key: photo.src + photo.alt },
      h("img", { src: url, alt: photo.alt }),
      photo.caption || credit ? h("figcaption", null, photo.caption, " ", credit) : null
    );
  }

  var photoComponent = {
    id: "lintas-photo",
    label: t("body.photo"),
    fields: PHOTO_FIELDS,
    pattern: new RegExp("^" + IMAGE.source + "$"),
    fromBlock: photoFromMatch,
    toBlock: photoMarkdown,
    toPreview: function (photo, getAsset) { return photoHtml(photo, getAsset); },
  };
  var galleryComponent = {
    id: "lintas-gallery",
    label: t("body.gallery"),
    fields: [{ name: "photos", label: t("body.gallery"), widget: "list", min: 2, fields: PHOTO_FIELDS }],
    pattern: new RegExp("^(?:" + IMAGE.source + "[ \\t]*\\n?){2,}$"),
    fromBlock: function (match) {
      var all = new RegExp(IMAGE.source, "g");
      var photos = [];
      var found;
      while ((found = all.exec(match[0]))) photos.push(photoFromMatch(found));
      return { photos: photos };
    },
    toBlock: function (gallery) { return (gallery.photos || []).map(photoMarkdown).join("\n"); },
    toPreview: function (gallery, getAsset) {
      return h("figure", { className: "gallery" }, (gallery.photos || []).map(function (p) {
        return photoHtml(p, getAsset, "gallery__item");
      }));
    },
  };
  CMS.registerEditorComponent(photoComponent);
  CMS.registerEditorComponent(galleryComponent);

  /* ---- the body editor: a text area that keeps every byte ------------------ */

  var controlNumber = 0;

  var BodyControl = createClass({
    getInitialState: function () {
      this.controlID = "lintas-body-" + ++controlNumber;
      this.caret = null;
      return { kind: null, photos: [], picking: -1, error: "" };
    },
    // Decap's widget wrapper asks this too (with the next props only): a photo
    // picked in the media library arrives through mediaPaths, not the value.
    shouldComponentUpdate: function (nextProps, nextState) {
      if (nextState && nextState !== this.state) return true;
      if (nextProps.value !== this.props.value) return true;
      if (this.state.picking >= 0 && nextProps.mediaPaths && nextProps.mediaPaths.get(this.controlID)) return true;
      return nextProps.getAsset !== this.props.getAsset || nextProps.classNameWrapper !== this.props.classNameWrapper;
    },
    componentDidUpdate: function () {
      var paths = this.props.mediaPaths;
      // Only a pick made after the library opened (the map changes with it).
      if (this.state.picking < 0 || !paths || paths === this.pathsAtPick) return;
      var picked = paths.get(this.controlID);
      if (!picked) return;
      var path = typeof picked === "string" ? picked : picked.get ? picked.get(0) : picked[0];
      var photos = this.state.photos.slice();
      photos[this.state.picking] = Object.assign({}, photos[this.state.picking], { src: path });
      this.props.onRemoveInsertedMedia(this.controlID);
      this.setState({ photos: photos, picking: -1, error: "" });
    },
    componentWillUnmount: function () {
      if (this.props.onRemoveMediaControl) this.props.onRemoveMediaControl(this.controlID);
    },
    open: function (kind) {
      var blank = function () { return { src: "", alt: "", caption: "", credit: "" }; };
      this.setState({ kind: kind, photos: kind === "gallery" ? [blank(), blank()] : [blank()], error: "" });
    },
    pick: function (index) {
      // A path from an earlier pick may still be in mediaPaths: let it go.
      this.pathsAtPick = this.props.mediaPaths;
      this.props.onRemoveInsertedMedia(this.controlID);
      this.setState({ picking: index });
      this.props.onOpenMediaLibrary({
        controlID: this.controlID,
        forImage: true,
        privateUpload: false,
        value: [],
        allowMultiple: false,
        field: this.props.field,
      });
    },
    edit: function (index, name, value) {
      var photos = this.state.photos.slice();
      photos[index] = Object.assign({}, photos[index]);
      photos[index][name] = value;
      this.setState({ photos: photos });
    },
    insert: function () {
      var photos = this.state.photos;
      if (photos.some(function (p) { return !p.src; })) return this.setState({ error: t("photo.needs_file") });
      if (photos.some(function (p) { return !clean(p.alt); })) return this.setState({ error: t("photo.needs_alt") });
      if (this.state.kind === "gallery" && photos.length < 2) return this.setState({ error: t("gallery.needs_two") });
      var block = this.state.kind === "gallery"
        ? galleryComponent.toBlock({ photos: photos })
        : photoComponent.toBlock(photos[0]);
      var text = this.props.value || "";
      var at = this.caret === null ? text.length : this.caret;
      var before = text.slice(0, at).replace(/\s*$/, "");
      var after = text.slice(at).replace(/^\s*/, "");
      var next = (before ? before + "\n\n" : "") + block + "\n" + (after ? "\n" + after : "");
      this.caret = (before ? before.length + 2 : 0) + block.length + 1;
      this.props.onChange(next);
      this.setState({ kind: null, photos: [], error: "" });
    },
    remember: function (event) {
      this.caret = event.target.selectionStart;
    },
    renderPhoto: function (photo, index) {
      var self = this;
      var input = function (name, label, required) {
        var id = self.controlID + "-" + index + "-" + name;
        return h("label", { className: "lintas-form__field", htmlFor: id, key: name },
          h("span", null, label + (required ? " *" : "")),
          h("input", {
            id: id, type: "text", value: photo[name], required: !!required, name: name,
            onChange: function (e) { self.edit(index, name, e.target.value); },
          }));
      };
      return h("fieldset", { className: "lintas-form__photo", key: index },
        h("div", { className: "lintas-form__file" },
          photo.src ? h("img", { src: String(this.props.getAsset(photo.src, this.props.field) || ""), alt: "" }) : null,
          h("button", { type: "button", className: "lintas-button", "data-pick": index,
            onClick: function () { self.pick(index); } }, photo.src ? t("photo.change") : t("photo.choose")),
          photo.src ? h("code", null, photo.src) : null),
        input("alt", t("photo.alt"), true),
        input("caption", t("photo.caption")),
        input("credit", t("photo.credit")),
        this.state.kind === "gallery" && this.state.photos.length > 2
          ? h("button", { type: "button", className: "lintas-link", onClick: function () {
              self.setState({ photos: self.state.photos.filter(function (_p, i) { return i !== index; }) });
            } }, t("photo.remove"))
          : null);
    },
    render: function () {
      var self = this;
      var state = this.state;
      var form = null;
      if (state.kind) {
        form = h("div", { className: "lintas-form", role: "group", "aria-label": t(state.kind === "gallery" ? "body.gallery" : "body.photo") },
          state.photos.map(this.renderPhoto),
          state.kind === "gallery"
            ? h("button", { type: "button", className: "lintas-link", onClick: function () {
                self.setState({ photos: state.photos.concat([{ src: "", alt: "", caption: "", credit: "" }]) });
              } }, t("gallery.add"))
            : null,
          state.error ? h("p", { className: "lintas-form__error", role: "alert" }, state.error) : null,
          h("div", { className: "lintas-form__actions" },
            h("button", { type: "button", className: "lintas-button lintas-button--main", onClick: this.insert }, t("photo.insert")),
            h("button", { type: "button", className: "lintas-link", onClick: function () { self.setState({ kind: null }); } }, t("photo.cancel"))));
      }
      return h("div", { className: "lintas-body " + (this.props.classNameWrapper || "") },
        h("div", { className: "lintas-body__tools" },
          h("button", { type: "button", className: "lintas-button", "data-insert": "photo", onClick: function () { self.open("photo"); } }, "＋ " + t("body.photo")),
          h("button", { type: "button", className: "lintas-button", "data-insert": "gallery", onClick: function () { self.open("gallery"); } }, "＋ " + t("body.gallery"))),
        form,
        h("textarea", {
          id: this.props.forID,
          className: "lintas-body__text",
          value: this.props.value || "",
          rows: 14,
          "aria-describedby": this.props.forID + "-hint",
          onChange: function (e) { self.caret = e.target.selectionStart; self.props.onChange(e.target.value); },
          onSelect: this.remember,
          onBlur: this.remember,
          onFocus: this.props.setActiveStyle,
        }),
        h("p", { id: this.props.forID + "-hint", className: "lintas-body__hint" }, t("body.hint")));
    },
  });

  /* A sketch of the site's rendering: paragraphs, headings, lists, photos. */
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function inline(text) {
    return escapeHtml(text)
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/\*([^*]+)\*/g, "<em>$1</em>")
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
  }
  function renderBody(text, getAsset) {
    return String(text || "").split(/\n\s*\n/).filter(function (b) { return b.trim(); }).map(function (block, i) {
      var trimmed = block.trim();
      if (galleryComponent.pattern.test(trimmed)) {
        var gallery = galleryComponent.toPreview(galleryComponent.fromBlock([trimmed]), getAsset);
        return h("div", { key: i }, gallery);
      }
      var photo = photoComponent.pattern.exec(trimmed);
      if (photo) return h("div", { key: i }, photoHtml(photoFromMatch(photo), getAsset));
      var heading = /^(#{2,6})\s+(.*)$/.exec(trimmed);
      if (heading) return h("h" + heading[1].length, { key: i, dangerouslySetInnerHTML: { __html: inline(heading[2]) } });
      if (/^[-*] /.test(trimmed)) {
        return h("ul", { key: i }, trimmed.split("\n").map(function (item, j) {
          return h("li", { key: j, dangerouslySetInnerHTML: { __html: inline(item.replace(/^[-*] /, "")) } });
        }));
      }
      return h("p", { key: i, dangerouslySetInnerHTML: { __html: inline(trimmed) } });
    });
  }

  var BodyPreview = createClass({
    render: function () {
      return h("div", { className: "article-body" }, renderBody(this.props.value, this.props.getAsset));
    },
  });

  CMS.registerWidget("lintas-body", BodyControl, BodyPreview);

  /* ---- Sponsor: only for advertorials -------------------------------------- */

  var SponsorControl = createClass({
    // Render again whenever the form does: the section may have changed.
    shouldComponentUpdate: function () {
      return true;
    },
    render: function () {
      var self = this;
      var field = this.props.field;
      var section = field.get("advertorial");
      var entry = this.props.entry;
      var category = entry && entry.getIn(["data", "category"]);
      if (category !== section && !this.props.value) {
        return h("p", { className: "lintas-note " + this.props.classNameWrapper, id: this.props.forID },
          t("sponsor.only", { section: section }));
      }
      return h("input", {
        type: "text",
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: this.props.value || "",
        onChange: function (e) { self.props.onChange(e.target.value); },
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
      });
    },
  });
  CMS.registerWidget("lintas-sponsor", SponsorControl);

  /* ---- the preview: site styles, and the problems of the saved story -------- */

  DESK.styles.forEach(function (href) { CMS.registerPreviewStyle(href); });
  CMS.registerPreviewStyle("/admin/desk.css");

  var ArticlePreview = createClass({
    getInitialState: function () {
      return { check: null };
    },
    componentDidMount: function () {
      this.poll();
      this.timer = setInterval(this.poll, 2000);
    },
    componentWillUnmount: function () {
      clearInterval(this.timer);
    },
    poll: function () {
      var self = this;
      // A story opened in the editor has a path; one just created may have only
      // its slug, or only the address it is shown at.
      var entry = this.props.entry;
      var slug = entry.get("slug");
      var shown = /#\/collections\/[^/]+\/entries\/(.+)$/.exec(window.location.hash);
      if (!slug && shown) slug = decodeURIComponent(shown[1]);
      var path = entry.get("path") || (slug ? DESK.folder + "/" + slug + ".md" : "");
      // The server answers "no status" for a file not saved yet.
      if (!path) return self.setState({ check: null });
      fetch(DESK.checkUrl + "?path=" + encodeURIComponent(path), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (check) { self.setState({ check: check }); })
        .catch(function () {});
    },
    render: function () {
      var data = this.props.entry.get("data");
      var get = function (key) { return data.get(key); };
      var check = this.state.check;
      var box;
      if (!check || !check.status) {
        box = h("p", { className: "lintas-check" }, t("preview.unsaved"));
      } else {
        box = h("section", { className: "lintas-check", "aria-live": "polite" },
          h("p", { className: "lintas-check__status" }, t(check.status === "draft" ? "preview.draft" : "preview.published")),
          check.problems.length
            ? h("div", null, h("h2", null, t("preview.problems")),
                h("ul", { className: "lintas-check__problems" }, check.problems.map(function (p, i) { return h("li", { key: i }, p); })))
            : h("p", null, t("preview.none")),
          check.build_error ? h("p", { className: "lintas-check__error" }, t("preview.build_error") + " " + check.build_error) : null);
      }
      var authors = get("author");
      authors = authors && authors.toJS ? authors.toJS().join(", ") : authors || "";
      return h("main", { className: "lintas-preview" },
        box,
        h("article", { className: "article" },
          h("p", { className: "article__kicker" }, get("category") || ""),
          h("h1", { className: "article__title" }, get("title") || ""),
          get("summary") ? h("p", { className: "article__summary" }, get("summary")) : null,
          h("p", { className: "article__meta" }, [get("dateline"), authors, get("date")].filter(Boolean).join(" · ")),
          this.props.widgetFor("body"),
          get("byline") ? h("p", { className: "article__byline" }, "(" + get("byline") + ")") : null),
        h("p", { className: "lintas-note" }, t("preview.approximate")));
    },
  });
  CMS.registerPreviewTemplate("articles", ArticlePreview);

  /* After the first save of a new story Decap stays on its "new" page, and a
     second save would create another file (index-1.md) beside the first (the
     server refuses that): open the saved story instead, as if the reporter
     had picked it from the list. */
  CMS.registerEventListener({
    name: "postSave",
    handler: function () {
      if (!/\/new$/.test(window.location.hash.split("?")[0])) return;
      // Decap's payload has no path yet for a new story; the server knows it.
      fetch(DESK.lastSavedUrl, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (saved) {
          var prefix = DESK.folder + "/";
          if (!saved.path || saved.path.indexOf(prefix) !== 0) return;
          var slug = saved.path.slice(prefix.length).replace(/\.md$/, "");
          // A new address alone keeps Decap's "new story" draft: load it afresh.
          window.location.hash = "#/collections/articles/entries/" + slug;
          window.location.reload();
        })
        .catch(function () {});
    },
  });
})();
