/* Qujat web page: tab 1 checks an uploaded document, tab 2 builds a document from a kind's schema. */
"use strict";

(function () {
  const $ = (sel) => document.querySelector(sel);
  const I18N = window.QUJAT_I18N;
  const FIELD_NAMES = window.QUJAT_FIELDS;
  const SEVERITIES = ["error", "warning", "info"];
  const state = {lang: "ru", kinds: [], profiles: [], defaultProfile: "", report: null, schema: null,
                 example: null, form: null, jsonMode: false, outLangChosen: false, open: new Set()};
  const FEW = 3;  // findings of one rule shown before "show more"

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

  /* An error answer said to people: the server's text in the interface language (never the English detail,
     which stays in the JSON), and the wrong fields of a record with what is wrong with each. */
  class ApiError extends Error {
    constructor(status, err) {
      super(pick(err.messages) || t("request_failed"));
      this.status = status;
      this.code = err.code || "";
      this.fields = (err.fields || []).map((f) => ({path: f.path, message: pick(f.messages)}));
    }
  }

  async function apiError(resp) {
    try {
      const body = await resp.json();
      return new ApiError(resp.status, body.error || {});
    } catch (e) {
      return new ApiError(resp.status, {});
    }
  }

  async function api(path, options) {
    let resp;
    try {
      resp = await fetch(path, {...options, headers: headers(options && options.headers)});
    } catch (e) {
      throw new ApiError(0, {messages: {kk: I18N.kk.no_server, ru: I18N.ru.no_server}});
    }
    if (!resp.ok) throw await apiError(resp);
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

  function showError(box, message, items) {
    box.replaceChildren();
    if (message) box.append(el("p", {class: "error-title", text: message}));
    if (items && items.length) box.append(el("ul", {}, items.map((i) => el("li", {text: i}))));
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
    if (!state.outLangChosen) $("#gen-lang").value = state.lang;  // the interface language is the default output
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
    for (const opt of document.querySelectorAll("option[data-i18n]")) opt.textContent = t(opt.dataset.i18n);
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

  /* The place as a clerk names it: page or slide, then the unit as printed (point, appendix, the table of the
     text); the paragraph or cell by count only when the unit is not known. */
  function locationText(loc) {
    if (!loc) return t("loc_document");
    const has = (key) => loc[key] !== null && loc[key] !== undefined;
    const place = (key) => t("loc_" + key).replace("{n}", loc[key]);
    const parts = ["page", "slide"].filter(has).map(place);
    if (loc.shape) parts.push(`«${loc.shape}»`);
    if (loc.unit) parts.push(loc.unit);
    else parts.push(...["paragraph", "table", "row", "cell"].filter(has).map(place));
    if (loc.ocr) parts.push(t("loc_ocr"));
    return parts.join(", ") || t("loc_document");
  }

  const citation = (src) => (src ? (pick(src.citation) || src.clause) : "");

  function findingItem(f) {
    const src = citation(f.source);
    return el("li", {class: `finding ${f.severity}`, "data-rule": f.rule, title: f.rule},
      el("div", {class: "msg", text: pick(f.message)}),
      el("div", {class: "meta"},
        el("span", {class: "loc", text: locationText(f.location)}),
        src ? el("span", {class: "clause", text: `${t("clause")}: ${src}`}) : null),
      f.location && f.location.excerpt ? el("blockquote", {text: f.location.excerpt}) : null);
  }

  /* The findings of one rule: the first few, the rest behind "show more" (kept open across re-renders). */
  function ruleGroup(rule, items) {
    const sev = items[0].severity;
    const list = el("ol", {class: "finding-list"}, items.slice(0, FEW).map(findingItem));
    const group = el("li", {class: `rule-group ${sev}`, "data-rule": rule, "data-count": String(items.length)});
    if (items.length > 1) {
      group.append(el("div", {class: "rule-head"}, el("span", {class: "count", text: `×${items.length}`}),
        el("span", {text: citation(items[0].source)})));
    }
    group.append(list);
    if (items.length > FEW) {
      const more = el("details", {class: "more"}, el("summary", {text: t("show_more").replace("{n}", items.length - FEW)}),
        el("ol", {class: "finding-list", start: String(FEW + 1)}, items.slice(FEW).map(findingItem)));
      if (state.open.has(rule)) more.open = true;
      more.addEventListener("toggle", () => { if (more.open) state.open.add(rule); else state.open.delete(rule); });
      group.append(more);
    }
    return group;
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
    const profile = state.profiles.find((p) => p.id === report.profile);
    const info = [["doc_name", d.name], ["doc_kind", d.kind ? kindName(d.kind) : "—"],
      ["doc_lang_short", d.lang ? t("lang_" + d.lang) : "—"], ["doc_format", (d.format || "").toUpperCase()],
      ["doc_pages", d.pages ?? "—"], ["doc_profile", profile ? pick(profile.title) : report.profile]];
    $("#doc-info").replaceChildren(...info.flatMap(([k, v]) => [el("dt", {text: t(k)}), el("dd", {text: String(v ?? "")})]));

    const box = $("#findings");
    box.replaceChildren();
    if (!report.findings.length) box.append(el("p", {class: "none", text: t("no_findings")}));
    // most severe first; within a severity, one group per rule (the most frequent first), in document order
    for (const sev of SEVERITIES) {
      const items = report.findings.filter((f) => f.severity === sev);
      if (!items.length) continue;
      const byRule = new Map();
      for (const f of items) {
        if (!byRule.has(f.rule)) byRule.set(f.rule, []);
        byRule.get(f.rule).push(f);
      }
      const groups = [...byRule.entries()].sort((a, b) => b[1].length - a[1].length);
      box.append(el("section", {class: `severity-group ${sev}`, "data-severity": sev},
        el("h3", {text: `${t("sev_" + sev)} (${items.length})`}),
        el("ul", {class: "rule-groups"}, groups.map(([rule, list]) => ruleGroup(rule, list)))));
    }
    const notes = report.notes || [];
    $("#notes").replaceChildren(...(notes.length ? [el("h4", {text: t("notes")}),
      el("ul", {}, notes.map((n) => el("li", {text: typeof n.message === "string" ? n.message : pick(n.message),
                                              title: n.code})))] : []));
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
    state.form = window.SchemaForm.build($("#gen-form"), state.schema, value, t, fieldName, state.lang);
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

  /* The form's errors: each at its field (scrolled into view, focused) and all of them in the summary above
     the form, each naming its field. */
  function showFormErrors(e) {
    const form = $("#gen-form");
    window.SchemaForm.clearErrors(form);
    const fields = (e && e.fields) || [];
    const first = state.jsonMode ? null : window.SchemaForm.showErrors(form, fields);
    const named = fields.map((f) => {
      const control = form.querySelector(`[data-path="${CSS.escape(f.path.replace(/^\$\.?/, ""))}"]`);
      const box = control && control.closest(".sf-field, .sf-object");
      const label = box && box.querySelector(".sf-label, legend");
      return label ? `${label.textContent.replace(/\s*\*$/, "")}: ${f.message}` : f.message;
    });
    showError($("#gen-error"), e ? e.message : "", named);
    if (first) {
      first.scrollIntoView({block: "center"});
      first.focus({preventScroll: true});
    } else if (e) {
      $("#gen-error").scrollIntoView({block: "center"});
    }
  }

  async function generate() {
    showFormErrors(null);
    const button = $("#gen-download");
    button.disabled = true;
    $("#gen-status").textContent = t("generating");
    try {
      const body = {kind: $("#gen-kind").value, lang: $("#gen-lang").value, format: $("#gen-format").value,
                    profile: $("#gen-profile").value || null, data: currentData()};
      const resp = await api("/v1/render", {method: "POST", body: JSON.stringify(body),
                                            headers: {"Content-Type": "application/json"}});
      $("#gen-status").textContent = `${t("done")}: ${await download(resp, `${body.kind}.${body.format}`)}`;
    } catch (e) {
      $("#gen-status").textContent = "";
      showFormErrors(e);
    } finally {
      button.disabled = false;
    }
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
    $("#pair-input").addEventListener("change", () => {
      const f = $("#pair-input").files[0];
      $("#pair-name").textContent = f ? f.name : "";
    });
    document.querySelector(".file-button").addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("#pair-input").click(); }
    });
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
    $("#gen-lang").addEventListener("change", () => { state.outLangChosen = true; });
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
