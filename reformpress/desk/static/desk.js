// The editing desk: starts Decap CMS with the configuration made from the site, names new
// reports, shows what `check` says after every save, and imports Word files.
// Served by `reformpress edit` only; talks to nothing but the desk's own server.
(function () {
  "use strict";
  var settings = JSON.parse(document.querySelector('meta[name="reformpress-desk"]').content);
  var notice = document.getElementById("desk-notice");
  var preview = document.getElementById("desk-preview");

  function call(action, params) {
    return fetch(settings.api, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action: action, params: params })
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) { throw new Error(answer.error || String(response.status)); }
        return answer;
      });
    });
  }

  function show(kind, title, lines) {
    try { sessionStorage.setItem("desk-notice", JSON.stringify([kind, title, lines])); } catch (ignored) { /* private mode */ }
    notice.textContent = "";
    notice.className = "desk-notice desk-" + kind;
    notice.setAttribute("role", kind === "problems" ? "alert" : "status");
    var heading = document.createElement("p");
    heading.className = "desk-notice-title";
    heading.textContent = title;
    notice.appendChild(heading);
    if (lines.length) {
      var list = document.createElement("ul");
      lines.forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      notice.appendChild(list);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "desk-notice-close";
    close.textContent = "知道了";
    close.addEventListener("click", function () {
      notice.hidden = true;
      try { sessionStorage.removeItem("desk-notice"); } catch (ignored) { /* private mode */ }
    });
    notice.appendChild(close);
    notice.hidden = false;
  }

  // Decap's words where the desk means something else: "发布" only saves the file (the site is
  // published by the next build), and a field the build requires is marked （必填） by us, while
  // Decap, which must let such a report be saved, would call it "可选".
  function words() {
    var locale = document.documentElement.lang.toLowerCase().indexOf("en") === 0 ? "en" : "zh_Hans";
    var phrases = window.CMS.getLocale && window.CMS.getLocale(locale);
    if (!phrases || locale !== "zh_Hans") { return; }
    var copy = JSON.parse(JSON.stringify(phrases));
    copy.editor.editorControl.field.optional = "可不填";
    var bar = copy.editor.editorToolbar;
    bar.publishing = "正在保存...";
    bar.publish = "保存";
    bar.published = "已保存";
    bar.publishAndCreateNew = "保存，然后新建稿件";
    bar.publishAndDuplicate = "保存，然后复制为新稿件";
    bar.deployButtonLabel = "打开预览";
    bar.publishNow = "保存";
    copy.editor.editor.onPublishing = "保存这篇稿件吗？保存后会自动检查，预览随之更新。";
    copy.editor.editorWidgets = copy.editor.editorWidgets || {};
    copy.ui = copy.ui || {};
    if (copy.ui.toast) {
      copy.ui.toast.entryPublished = "稿件已保存";
      copy.ui.toast.entrySaved = "稿件已保存";
      copy.ui.toast.onFailToPublishEntry = "保存失败：%{details}";
    }
    window.CMS.registerLocale(locale, copy);
    new MutationObserver(function () {
      document.querySelectorAll("label > span").forEach(function (span) {
        if (!span.hidden && span.parentNode.textContent.indexOf("（必填）") >= 0) { span.hidden = true; }
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  function folderOf(collection) { return settings.folders[collection]; }

  function currentCollection() {
    var match = /#\/collections\/([^/]+)/.exec(location.hash);
    var names = Object.keys(settings.folders);
    return match && settings.folders[decodeURIComponent(match[1])] ? decodeURIComponent(match[1]) : names[0];
  }

  function checkSaved(path, pictures) {
    return call("checkEntry", { path: path }).then(function (answer) {
      var problems = answer.problems;
      if (!problems.length) {
        show("ok", "已保存，检查没有发现问题。预览会在几秒内更新。", []);
      } else {
        var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
        show("problems", errors ? "已保存，但这篇稿件还有 " + errors + " 处必须修改，改好之前网站不会更新：" : "已保存。请注意：",
          problems.map(function (p) {
            return (p.field ? "【" + p.field + "】" : "") + p.message + " — " + p.fix + (p.line ? "（" + p.path + " 第 " + p.line + " 行）" : "");
          }));
      }
      // The pictures now stand in the section texts: show the report as saved (the notice stays).
      if (pictures) { setTimeout(function () { location.reload(); }, 300); }
    }).catch(function (error) { show("problems", "检查失败：" + error.message, []); });
  }

  function base64(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).split(",")[1] || ""); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsDataURL(file);
    });
  }

  document.getElementById("desk-import-file").addEventListener("change", function (event) {
    var file = event.target.files[0];
    event.target.value = "";
    if (!file) { return; }
    var collection = currentCollection();
    show("busy", "正在导入 " + file.name + " …", []);
    base64(file).then(function (content) {
      return call("importDocx", { folder: folderOf(collection), name: file.name, content: content });
    }).then(function (done) {
      location.hash = "#/collections/" + encodeURIComponent(collection) + "/entries/" + encodeURIComponent(done.slug);
      show(done.notes.length ? "problems" : "ok", "已从 Word 导入为 " + done.path + (done.notes.length ? "，请核对以下几处：" : "。"), done.notes);
    }).catch(function (error) { show("problems", "导入失败：" + error.message, []); });
  });

  try {
    var kept = JSON.parse(sessionStorage.getItem("desk-notice") || "null");
    if (kept) { show(kept[0], kept[1], kept[2]); }
  } catch (ignored) { /* nothing kept */ }

  fetch(settings.config, { headers: { "X-Reformpress-Desk": settings.token } })
    .then(function (response) { return response.json(); })
    .then(function (config) {
      if (config.error) { show("problems", config.error, []); return; }
      if (settings.preview) { preview.href = settings.preview; } else { preview.hidden = true; }
      window.CMS.registerEventListener({
        name: "preSave",
        handler: function (event) {
          var entry = event.entry, data = entry.get("data");
          if (!entry.get("newRecord")) { return undefined; }
          return call("nameFor", {
            folder: folderOf(entry.get("collection")),
            title: data.get("title") || "",
            number: data.get("number"),
            slug: data.get("slug") || ""
          }).then(function (named) { return data.set("file", named.file).set("number", named.number); });
        }
      });
      window.CMS.registerEventListener({
        name: "postSave",
        handler: function (event) {
          var entry = event.entry, data = entry.get("data");
          var path = entry.get("path") || folderOf(entry.get("collection")) + "/" + data.get("file") + ".md";
          var pictures = data.get("pictures");
          checkSaved(path, Boolean(pictures && pictures.size) && !entry.get("newRecord"));
        }
      });
      // The local backend has no accounts: skip Decap's "登录" screen (it only stores this marker).
      try { localStorage.setItem("decap-cms-user", JSON.stringify({ backendName: "proxy", name: "编辑" })); } catch (ignored) { /* private mode */ }
      words();
      window.CMS.init({ config: config });
    })
    .catch(function (error) { show("problems", "编辑台无法启动：" + error.message, []); });
})();
