/* Qujat web page: tab 1 checks an uploaded document, tab 2 builds a document from a kind's schema. */
"use strict";

(function () {
  const $ = (sel) => document.querySelector(sel);
  const I18N = window.QUJAT_I18N;
  const FIELD_NAMES = window.QUJAT_FIELDS;
  const SEVERITIES = ["error", "warning", "info"];
  const state = {lang: "ru", kinds: [], profiles: [], defaultProfile: "", report: null, schema: null,
                 example: null, form: null, jsonMode: false};

  const t = (key) => (I18N[state.lang] && I18N[state.lang][key]) || I18N.ru[key] || key;
  const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  /* Kind names come from the kinds registry through /v1/kinds (schemas/kinds.yaml), not from a list here. */
  const kindName = (id) => {
    const kind = state.kinds.find((k) => k.id === id);
    return kind && kind.names && kind.names[state.lang] ? capital(kind.names[state.lang]) : id;
  };
  const fieldName = (name) => (FIELD_NAMES[name] && FIELD_NAMES[name][state.lang]) || name.replace(/_/g, " ");
  const pick = (obj) => (obj && (obj[state.lang] || obj.ru || obj.kk || obj.en)) || "";

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  // ------------------------------------------------------------------------------------------- HTTP
  function headers(extra) {
    const h = {...(extra || {})};
    const key = $("#api-key").value.trim();
    if (key) h["X-API-Key"] = key;
    return h;
  }

  async function errorText(resp) {
    try {
      const body = await resp.json();
      const err = body.error || {};
      let msg = `${resp.status} ${err.code || ""}: ${err.message || resp.statusText}`;
      if (Array.isArray(err.details)) {
        msg += "\n" + err.details.slice(0, 12).map((d) => (typeof d === "string" ? d : JSON.stringify(d))).join("\n");
      }
      return msg;
    } catch (e) {
      return `${resp.status} ${resp.statusText}`;
    }
  }

  async function api(path, options) {
    const resp = await fetch(path, {...options, headers: headers(options && options.headers)});
    if (!resp.ok) throw new Error(await errorText(resp));
    return resp;
  }

  function filenameOf(resp, fallback) {
    const cd = resp.headers.get("Content-Disposition") || "";
    const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) return decodeURIComponent(star[1]);
    const plain = /filename="([^"]+)"/i.exec(cd);
    return plain ? plain[1] : fallback;
  }

  async function download(resp, fallback) {
    const blob = await resp.blob();
    const a = el("a", {href: URL.createObjectURL(blob), download: filenameOf(resp, fallback)});
    a.id = "last-download";
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 60000);
    return a.download;
  }

  function showError(box, message) {
    box.textContent = message || "";
    box.hidden = !message;
  }

  // ---------------------------------------------------------------------------------- language switch
  function applyLanguage(lang) {
    state.lang = I18N[lang] ? lang : "ru";
    document.documentElement.lang = state.lang;
    localStorage.setItem("qujat.lang", state.lang);
    document.querySelectorAll("[data-i18n]").forEach((n) => { n.textContent = t(n.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach((n) => { n.placeholder = t(n.dataset.i18nPlaceholder); });
    document.querySelectorAll("[data-ui-lang]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.uiLang === state.lang)));
    fillSelects();
    if (state.report) renderReport(state.report);
    if (state.form && !state.jsonMode) {
      try { buildForm(state.form.get()); } catch (e) { /* keep the form as it is */ }
    }
  }

  function fillSelects() {
    const checkKind = $("#check-kind"), genKind = $("#gen-kind");
    const keepCheck = checkKind.value, keepGen = genKind.value;
    checkKind.replaceChildren(el("option", {value: "", text: t("detect")}),
      ...state.kinds.map((k) => el("option", {value: k.id, text: kindName(k.id)})));
    checkKind.value = keepCheck;
    genKind.replaceChildren(...state.kinds.filter((k) => k.generated).map((k) => el("option", {value: k.id, text: kindName(k.id)})));
    if (keepGen) genKind.value = keepGen;
    for (const sel of [$("#check-profile"), $("#gen-profile")]) {
      const keep = sel.value || state.defaultProfile;
      sel.replaceChildren(...state.profiles.map((p) => el("option", {value: p.id, text: `${pick(p.title) || p.id}`})));
      sel.value = keep;
    }
  }

  // ----------------------------------------------------------------------------------------- tabs
  function selectTab(name) {
    for (const tab of ["check", "generate"]) {
      const on = tab === name;
      $(`#tab-${tab}`).setAttribute("aria-selected", String(on));
      $(`#panel-${tab}`).hidden = !on;
    }
    if (name === "generate" && !state.schema) loadKind($("#gen-kind").value);
  }

  // ---------------------------------------------------------------------------------- tab 1: check
  function chosenFile() { return $("#file-input").files[0] || null; }

  function setFile(file) {
    if (file) {
      const dt = new DataTransfer();
      dt.items.add(file);
      $("#file-input").files = dt.files;
    }
    const f = chosenFile();
    $("#file-name").textContent = f ? `${f.name} (${Math.ceil(f.size / 1024)} KB)` : "";
    $("#check-btn").disabled = !f;
    $("#download-annotated").disabled = true;
  }

  function checkForm(annotate) {
    const fd = new FormData();
    fd.append("file", chosenFile());
    for (const [name, sel] of [["kind", "#check-kind"], ["lang", "#check-lang"], ["profile", "#check-profile"]]) {
      if ($(sel).value) fd.append(name, $(sel).value);
    }
    const pair = $("#pair-input").files[0];
    if (pair) fd.append("pair", pair);
    const q = new URLSearchParams({pages: $("#opt-pages").checked, spelling: $("#opt-spelling").checked});
    if (annotate) { q.set("annotate", "true"); q.set("comment_lang", state.lang); }
    return [`/v1/validate?${q}`, fd];
  }

  /* Run ``action`` with ``button`` disabled and ``busyKey`` shown in ``status``; its result (a text) stays
     in ``status``, an error goes to ``errorBox``. Returns whether it succeeded. */
  async function busy(button, status, errorBox, busyKey, action) {
    showError(errorBox, "");
    button.disabled = true;
    status.textContent = t(busyKey);
    try {
      status.textContent = (await action()) || "";
      return true;
    } catch (e) {
      showError(errorBox, e.message);
      status.textContent = "";
      return false;
    } finally {
      button.disabled = false;
    }
  }

  async function runCheck(ev) {
    ev.preventDefault();
    if (!chosenFile()) return;
    const ok = await busy($("#check-btn"), $("#check-status"), $("#check-error"), "checking", async () => {
      const [url, fd] = checkForm(false);
      state.report = await (await api(url, {method: "POST", body: fd})).json();
      renderReport(state.report);
    });
    if (!ok) $("#report").hidden = true;
    $("#download-annotated").disabled = !ok || state.report.document.format !== "docx";
  }

  function downloadAnnotated() {
    return busy($("#download-annotated"), $("#check-status"), $("#check-error"), "annotating", async () => {
      const [url, fd] = checkForm(true);
      return `${t("done")}: ${await download(await api(url, {method: "POST", body: fd}), "annotated.docx")}`;
    });
  }

  function locationText(loc) {
    const parts = [];
    for (const key of ["page", "slide", "paragraph", "table", "row", "cell"]) {
      if (loc && loc[key] !== null && loc[key] !== undefined) parts.push(`${t("loc_" + key)} ${loc[key]}`);
    }
    if (loc && loc.unit) parts.push(loc.unit);
    if (loc && loc.shape) parts.push(`«${loc.shape}»`);
    return parts.join(", ") || t("loc_document");
  }

  function renderReport(report) {
    $("#report").hidden = false;
    const verdict = $("#verdict");
    verdict.className = `verdict ${report.verdict}`;
    const counts = report.counts || {};
    verdict.replaceChildren(el("strong", {text: t(report.verdict)}),
      el("span", {class: "counts", text: SEVERITIES.map((s) => `${t("sev_" + s)}: ${counts[s] || 0}`).join(" · ")}));
    if (report.not_checked) {  // not understood: say why and what to do, never green
      const det = report.detection || {};
      const guess = det.best ? `${t("detected_kind")}: ${kindName(det.best.kind)} (${Math.round((det.confidence || 0) * 100)}%)` : "";
      verdict.append(el("p", {class: "why", text: pick(report.not_checked.why)}),
        el("p", {class: "todo", text: pick(report.not_checked.todo)}), el("p", {class: "guess", text: guess}));
    }
    const d = report.document || {};
    const info = [["doc_name", d.name], ["doc_kind", d.kind ? kindName(d.kind) : "—"], ["doc_lang_short", d.lang || "—"],
      ["doc_format", d.format], ["doc_pages", d.pages ?? "—"], ["doc_profile", report.profile]];
    $("#doc-info").replaceChildren(...info.flatMap(([k, v]) => [el("dt", {text: t(k)}), el("dd", {text: String(v ?? "")})]));

    const box = $("#findings");
    box.replaceChildren();
    if (!report.findings.length) box.append(el("p", {class: "none", text: t("no_findings")}));
    for (const sev of SEVERITIES) {
      const items = report.findings.filter((f) => f.severity === sev);
      if (!items.length) continue;
      const list = el("ol", {class: "finding-list"});
      for (const f of items) {
        const src = f.source ? `${f.source.clause} (${f.source.regulation})` : "";
        list.append(el("li", {class: `finding ${sev}`, "data-rule": f.rule},
          el("div", {class: "msg", text: pick(f.message)}),
          el("div", {class: "meta"},
            el("span", {class: "loc", text: locationText(f.location)}),
            src ? el("span", {class: "clause", text: `${t("clause")}: ${src}`}) : null,
            el("code", {class: "rule", text: f.rule})),
          f.location && f.location.excerpt ? el("blockquote", {text: f.location.excerpt}) : null));
      }
      box.append(el("section", {class: `severity-group ${sev}`, "data-severity": sev},
        el("h3", {text: `${t("sev_" + sev)} (${items.length})`}), list));
    }
    const notes = report.notes || [];
    $("#notes").replaceChildren(...(notes.length ? [el("h4", {text: t("notes")}),
      el("ul", {}, notes.map((n) => el("li", {text: n.message, title: n.code})))] : []));
  }

  // ------------------------------------------------------------------------------- tab 2: generate
  async function loadKind(kind) {
    if (!kind) return;
    showError($("#gen-error"), "");
    try {
      const [schema, example] = await Promise.all([
        api(`/v1/kinds/${encodeURIComponent(kind)}/schema`).then((r) => r.json()),
        api(`/v1/kinds/${encodeURIComponent(kind)}/example`).then((r) => r.json()).catch(() => ({})),
      ]);
      state.schema = schema;
      state.example = example;
      buildForm(example);
    } catch (e) {
      showError($("#gen-error"), e.message);
    }
  }

  function buildForm(value) {
    state.form = window.SchemaForm.build($("#gen-form"), state.schema, value, t, fieldName);
    if (state.jsonMode) $("#gen-json").value = JSON.stringify(value, null, 2);
  }

  function currentData() {
    if (state.jsonMode) {
      try { return JSON.parse($("#gen-json").value); } catch (e) { throw new Error(`${t("bad_json")}: ${e.message}`); }
    }
    return state.form.get();
  }

  function toggleJson() {
    showError($("#gen-error"), "");
    try {
      if (!state.jsonMode) $("#gen-json").value = JSON.stringify(state.form.get(), null, 2);
      else buildForm(currentData());
    } catch (e) {
      showError($("#gen-error"), e.message);
      return;
    }
    state.jsonMode = !state.jsonMode;
    $("#gen-json-box").hidden = !state.jsonMode;
    $("#gen-form").hidden = state.jsonMode;
    $("#gen-json-toggle").dataset.i18n = state.jsonMode ? "form_view" : "edit_json";
    $("#gen-json-toggle").textContent = t($("#gen-json-toggle").dataset.i18n);
  }

  function generate() {
    return busy($("#gen-download"), $("#gen-status"), $("#gen-error"), "generating", async () => {
      const body = {kind: $("#gen-kind").value, lang: $("#gen-lang").value, format: $("#gen-format").value,
                    profile: $("#gen-profile").value || null, data: currentData()};
      const resp = await api("/v1/render", {method: "POST", body: JSON.stringify(body),
                                            headers: {"Content-Type": "application/json"}});
      return `${t("done")}: ${await download(resp, `${body.kind}.${body.format}`)}`;
    });
  }

  // ------------------------------------------------------------------------------------------ start
  async function start() {
    $("#api-key").value = localStorage.getItem("qujat.key") || "";
    $("#api-key").addEventListener("change", () => { localStorage.setItem("qujat.key", $("#api-key").value.trim()); boot(); });
    document.querySelectorAll("[data-ui-lang]").forEach((b) => b.addEventListener("click", () => applyLanguage(b.dataset.uiLang)));
    $("#tab-check").addEventListener("click", () => selectTab("check"));
    $("#tab-generate").addEventListener("click", () => selectTab("generate"));

    const zone = $("#drop-zone");
    $("#file-input").addEventListener("change", () => setFile(null));
    zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("#file-input").click(); } });
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer.files.length) setFile(e.dataTransfer.files[0]);
    });
    $("#check-form").addEventListener("submit", runCheck);
    $("#download-annotated").addEventListener("click", downloadAnnotated);

    $("#gen-kind").addEventListener("change", () => loadKind($("#gen-kind").value));
    $("#gen-reset").addEventListener("click", () => buildForm(state.example || {}));
    $("#gen-json-toggle").addEventListener("click", toggleJson);
    $("#gen-json-apply").addEventListener("click", () => {
      try { buildForm(currentData()); showError($("#gen-error"), ""); } catch (e) { showError($("#gen-error"), e.message); }
    });
    $("#gen-download").addEventListener("click", generate);

    const saved = localStorage.getItem("qujat.lang");
    applyLanguage(saved || ((navigator.language || "").startsWith("kk") ? "kk" : "ru"));
    await boot();
  }

  async function boot() {
    showError($("#check-error"), "");
    try {
      const [kinds, profiles] = await Promise.all([api("/v1/kinds").then((r) => r.json()),
                                                   api("/v1/profiles").then((r) => r.json())]);
      state.kinds = kinds.kinds;
      state.profiles = profiles.profiles;
      state.defaultProfile = profiles.default;
      fillSelects();
      document.body.dataset.ready = "true";
    } catch (e) {
      showError($("#check-error"), e.message);
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
