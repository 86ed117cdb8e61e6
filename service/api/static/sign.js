/* EDS pages: verify.html (upload a package, or a document and its CMS; each signer shown in kk/ru) and
   sign.html (prepare the document, sign it with NCALayer through the vendored ncalayer-js-client, download
   the signed package). The page texts are below; the verdicts' texts come from the server in kk/ru. */
(() => {
  "use strict";

  const T = {
    kk: {
      verify_title: "ЭЦҚ тексеру", sign_title: "ЭЦҚ-мен қол қою", go_sign: "Қол қою", go_verify: "Тексеру",
      go_home: "Басты бет",
      verify_intro: "Қол қойылған пакетті (PDF) немесе құжатты және оның CMS қолтаңбасын жүктеңіз.",
      expected_sha: "QR-кодтағы құжаттың SHA-256:", pick_file: "Пакет немесе құжат",
      pick_cms: "CMS қолтаңбасы (міндетті емес)", verify_btn: "Тексеру",
      sign_intro: "Құжатты таңдаңыз (.pdf, .docx, .pptx): ол PDF/A-ға түрлендіріледі, NCALayer арқылы қол " +
        "қойылады, содан кейін қол қойылған пакетті жүктеп алуға болады.",
      pick_doc: "Құжат", prepare_btn: "Дайындау", sign_btn: "NCALayer арқылы қол қою",
      prepared: "Қол қойылатын PDF, SHA-256:", download_package: "Қол қойылған пакетті жүктеп алу",
      working: "Орындалуда…", connecting: "NCALayer-ге қосылу…", signing: "NCALayer-де кілтті таңдаңыз…",
      done: "Дайын", no_file: "Алдымен файлды таңдаңыз",
      document: "Құжат", sha_match: "QR-кодтағы құжатқа сәйкес келеді",
      sha_mismatch: "QR-кодтағы құжатқа СӘЙКЕС КЕЛМЕЙДІ", signer: "Қол қоюшы",
      iin: "ЖСН", bin: "БСН", org: "Ұйым", role: "Рөлі", template: "Сертификат үлгісі", issuer: "Берген орталық",
      time: "Уақыт", chain: "Тізбек", revocation: "Кері қайтарып алу", checks: "Тексерулер", trust: "Сенім",
      ts: "уақыт белгісі бойынша", claim: "қол қоюшының мәлімдемесі", none: "көрсетілмеген",
      good: "кері қайтарылмаған", revoked: "КЕРІ ҚАЙТАРЫЛҒАН", unknown: "белгісіз",
    },
    ru: {
      verify_title: "Проверка ЭЦП", sign_title: "Подписание ЭЦП", go_sign: "Подписать", go_verify: "Проверить",
      go_home: "Главная",
      verify_intro: "Загрузите подписанный пакет (PDF) или документ и его подпись CMS.",
      expected_sha: "SHA-256 документа из QR-кода:", pick_file: "Пакет или документ",
      pick_cms: "Подпись CMS (необязательно)", verify_btn: "Проверить",
      sign_intro: "Выберите документ (.pdf, .docx, .pptx): он будет преобразован в PDF/A, подписан в NCALayer, " +
        "после чего подписанный пакет можно скачать.",
      pick_doc: "Документ", prepare_btn: "Подготовить", sign_btn: "Подписать в NCALayer",
      prepared: "PDF для подписи, SHA-256:", download_package: "Скачать подписанный пакет",
      working: "Выполняется…", connecting: "Подключение к NCALayer…", signing: "Выберите ключ в NCALayer…",
      done: "Готово", no_file: "Сначала выберите файл",
      document: "Документ", sha_match: "совпадает с документом из QR-кода",
      sha_mismatch: "НЕ СОВПАДАЕТ с документом из QR-кода", signer: "Подписант",
      iin: "ИИН", bin: "БИН", org: "Организация", role: "Роль", template: "Шаблон сертификата", issuer: "Издатель",
      time: "Время", chain: "Цепочка", revocation: "Отзыв", checks: "Проверки", trust: "Доверие",
      ts: "по метке времени", claim: "заявление подписанта", none: "не указано",
      good: "не отозван", revoked: "ОТОЗВАН", unknown: "неизвестен",
    },
  };
  const state = { lang: localStorage.getItem("qujat.lang") === "kk" ? "kk" : "ru", last: null, prepared: null };
  const $ = (sel) => document.querySelector(sel);
  const t = (key) => T[state.lang][key] || key;
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    Object.entries(attrs).forEach(([k, v]) => { if (k === "class") node.className = v; else node.setAttribute(k, v); });
    children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c ?? "")));
    return node;
  };

  function headers() {
    const key = localStorage.getItem("qujat.key");
    return key ? { "X-API-Key": key } : {};
  }

  async function post(path, form) {
    const response = await fetch(path, { method: "POST", body: form, headers: headers() });
    if (!response.ok) {
      let message = `${response.status}`;
      try { message = (await response.json()).error.message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return response;
  }

  function applyTexts() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-t]").forEach((node) => { node.textContent = t(node.dataset.t); });
    document.querySelectorAll("[data-ui-lang]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.uiLang === state.lang)));
    if (state.last) render(state.last);
  }

  function showError(box, error) {
    box.hidden = false;
    box.textContent = String(error.message || error);
  }

  /* ------------------------------------------------------------------ the verification result, kk/ru */
  function render(result) {
    state.last = result;
    const out = $("#verify-result");
    out.hidden = false;
    out.replaceChildren();
    const expected = new URLSearchParams(location.search).get("sha256");
    out.append(el("p", { id: "overall" }, el("span", { class: `badge ${result.status}`, id: "overall-status" },
      result.status_text[state.lang])));
    const doc = el("p", {}, `${t("document")}: ${result.document.name} — SHA-256 `, el("code", {}, result.document.sha256));
    if (expected) {
      const same = expected.toLowerCase() === result.document.sha256;
      doc.append(" ", el("span", { class: same ? "match" : "mismatch", id: "sha-check" }, same ? t("sha_match") : t("sha_mismatch")));
    }
    out.append(doc, el("p", { class: "status" }, `${t("trust")}: ${result.trust_store}`));
    result.reasons.forEach((r) => out.append(el("p", { class: "mismatch" }, r)));
    result.signers.forEach((s) => out.append(signerCard(s)));
  }

  function signerCard(s) {
    const c = s.certificate || {};
    const rows = [
      [t("iin"), c.iin], [t("bin"), c.bin], [t("org"), c.organisation],
      [t("role"), (c.roles || []).map((r) => r[state.lang]).join(", ")],
      [t("template"), c.template ? c.template[state.lang] : null],
      [t("issuer"), c.issuer],
      [t("time"), `${s.timestamp && s.time_source === "timestamp" ? s.timestamp.time : s.signing_time || "—"} (${t(
        { timestamp: "ts", claim: "claim", none: "none" }[s.time_source])})`],
      [t("chain"), s.chain ? `${s.chain.status}: ${s.chain.path.join(" → ")}` : "—"],
      [t("revocation"), (s.revocation || []).map((r) => `${r.certificate}: ${t(r.status)}${r.revoked_at ? " " + r.revoked_at : ""}${r.source ? " (" + r.source + ")" : ""}`).join("; ") || "—"],
      [t("checks"), Object.entries(s.checks).map(([k, v]) => `${k}: ${v}`).join(", ")],
    ];
    const dl = el("dl", {});
    rows.filter(([, v]) => v).forEach(([k, v]) => dl.append(el("dt", {}, k), el("dd", {}, v)));
    const list = el("ul", { class: "messages" });
    s.messages.forEach((m) => list.append(el("li", { class: m.kind === "warning" ? "warning" : "problem" }, m[state.lang])));
    return el("div", { class: "signer", "data-status": s.status },
      el("h3", {}, `${t("signer")} ${s.index}: ${c.full_name || c.common_name || "—"} `,
        el("span", { class: `badge ${s.status}` }, s.status_text[state.lang])),
      dl, list);
  }

  async function verifyUpload() {
    const box = $("#verify-error");
    box.hidden = true;
    const file = $("#verify-file").files[0];
    if (!file) { showError(box, new Error(t("no_file"))); return; }
    const form = new FormData();
    form.append("file", file);
    const cms = $("#verify-cms").files[0];
    if (cms) form.append("signature", cms);
    $("#verify-status").textContent = t("working");
    try {
      render(await (await post("/v1/sign/verify", form)).json());
      $("#verify-status").textContent = t("done");
    } catch (error) {
      $("#verify-status").textContent = "";
      showError(box, error);
    }
  }

  /* --------------------------------------------------------------------- signing through NCALayer */
  const b64ToBytes = (b64) => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));

  async function prepare() {
    const box = $("#sign-error");
    box.hidden = true;
    const file = $("#sign-file").files[0];
    if (!file) { showError(box, new Error(t("no_file"))); return; }
    const form = new FormData();
    form.append("file", file);
    $("#sign-status").textContent = t("working");
    try {
      state.prepared = { name: file.name, ...(await (await post("/v1/sign/prepare", form)).json()) };
      $("#prepared-sha").textContent = state.prepared.sha256;
      $("#prepared").hidden = false;
      $("#sign-btn").disabled = false;
      $("#sign-status").textContent = t("done");
    } catch (error) {
      $("#sign-status").textContent = "";
      showError(box, error);
    }
  }

  async function sign() {
    const box = $("#sign-error");
    box.hidden = true;
    const prepared = state.prepared;
    if (!prepared) return;
    // NCALayer listens on wss://127.0.0.1:13579; ?ncalayer=… points the page elsewhere (the test stand-in)
    const url = new URLSearchParams(location.search).get("ncalayer") || "wss://127.0.0.1:13579";
    const client = new window.NCALayerClient(url, false);
    try {
      $("#sign-status").textContent = t("connecting");
      await client.connect();
      $("#sign-status").textContent = t("signing");
      const args = prepared.ncalayer_request.args;
      const cms = await client.basicsSignCMS(window.NCALayerClient.basicsStorageAll, args.data,
        args.signingParams, args.signerParams, state.lang);
      const pdf = new Blob([b64ToBytes(prepared.pdf_base64)], { type: "application/pdf" });
      const stem = prepared.name.replace(/\.[^.]+$/, "");
      const form = new FormData();
      form.append("file", pdf, `${stem}.pdf`);
      form.append("signature", new Blob([cms], { type: "text/plain" }), `${stem}.cms`);
      $("#sign-status").textContent = t("working");
      const pkg = await (await post("/v1/sign/package", form)).blob();
      const link = $("#download-package");
      link.href = URL.createObjectURL(pkg);
      link.download = `${stem}.signed.pdf`;
      $("#package").hidden = false;
      const check = new FormData();
      check.append("file", pkg, `${stem}.signed.pdf`);
      render(await (await post("/v1/sign/verify", check)).json());
      $("#sign-status").textContent = t("done");
    } catch (error) {
      $("#sign-status").textContent = "";
      showError(box, error);
    } finally {
      if (client.wsConnection) client.wsConnection.close();
    }
  }

  function boot() {
    document.querySelectorAll("[data-ui-lang]").forEach((b) => b.addEventListener("click", () => {
      state.lang = b.dataset.uiLang;
      localStorage.setItem("qujat.lang", state.lang);
      applyTexts();
    }));
    const expected = new URLSearchParams(location.search).get("sha256");
    if ($("#expected") && expected) {
      $("#expected-sha").textContent = expected;
      $("#expected").hidden = false;
    }
    if (document.body.dataset.page === "verify") $("#verify-btn").addEventListener("click", verifyUpload);
    if (document.body.dataset.page === "sign") {
      $("#prepare-btn").addEventListener("click", prepare);
      $("#sign-btn").addEventListener("click", sign);
    }
    applyTexts();
    document.body.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", boot);
})();
