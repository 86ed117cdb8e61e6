/* The EDS page, verify.html, in two modes: verify (upload a package, or a document and its CMS; each signer
   shown in kk/ru; the QR code of a signed package links here with ?sha256=) and, with ?mode=sign (sign.html
   leads here), sign (prepare the document, sign it with NCALayer through the vendored ncalayer-js-client,
   download the signed package). The page texts are below; the verdicts' texts come from the server in kk/ru. */
(() => {
  "use strict";

  // each text: [Kazakh, Russian]
  const T = {
    verify_title: ["ЭЦҚ тексеру", "Проверка ЭЦП"],
    sign_title: ["ЭЦҚ-мен қол қою", "Подписание ЭЦП"],
    go_sign: ["Қол қою", "Подписать"],
    go_verify: ["Тексеру", "Проверить"],
    go_home: ["Басты бет", "Главная"],
    verify_intro: [
      "Қол қойылған пакетті (PDF) немесе құжатты және оның CMS қолтаңбасын жүктеңіз.",
      "Загрузите подписанный пакет (PDF) или документ и его подпись CMS."],
    expected_sha: ["QR-кодтағы құжаттың SHA-256:", "SHA-256 документа из QR-кода:"],
    pick_file: ["Пакет немесе құжат", "Пакет или документ"],
    pick_cms: ["CMS қолтаңбасы (міндетті емес)", "Подпись CMS (необязательно)"],
    verify_btn: ["Тексеру", "Проверить"],
    sign_intro: [
      "Құжатты таңдаңыз (.pdf, .docx, .pptx): ол PDF/A-ға түрлендіріледі, NCALayer арқылы қол қойылады, содан кейін қол қойылған пакетті жүктеп алуға болады.",
      "Выберите документ (.pdf, .docx, .pptx): он будет преобразован в PDF/A, подписан в NCALayer, после чего подписанный пакет можно скачать."],
    pick_doc: ["Құжат", "Документ"],
    prepare_btn: ["Дайындау", "Подготовить"],
    sign_btn: ["NCALayer арқылы қол қою", "Подписать в NCALayer"],
    prepared: ["Қол қойылатын PDF, SHA-256:", "PDF для подписи, SHA-256:"],
    download_package: ["Қол қойылған пакетті жүктеп алу", "Скачать подписанный пакет"],
    working: ["Орындалуда…", "Выполняется…"],
    connecting: ["NCALayer-ге қосылу…", "Подключение к NCALayer…"],
    signing: ["NCALayer-де кілтті таңдаңыз…", "Выберите ключ в NCALayer…"],
    done: ["Дайын", "Готово"],
    no_file: ["Алдымен файлды таңдаңыз", "Сначала выберите файл"],
    document: ["Құжат", "Документ"],
    sha_match: ["QR-кодтағы құжатқа сәйкес келеді", "совпадает с документом из QR-кода"],
    sha_mismatch: ["QR-кодтағы құжатқа СӘЙКЕС КЕЛМЕЙДІ", "НЕ СОВПАДАЕТ с документом из QR-кода"],
    signer: ["Қол қоюшы", "Подписант"],
    iin: ["ЖСН", "ИИН"],
    bin: ["БСН", "БИН"],
    org: ["Ұйым", "Организация"],
    role: ["Рөлі", "Роль"],
    template: ["Сертификат үлгісі", "Шаблон сертификата"],
    issuer: ["Берген орталық", "Издатель"],
    time: ["Уақыт", "Время"],
    chain: ["Тізбек", "Цепочка"],
    revocation: ["Кері қайтарып алу", "Отзыв"],
    checks: ["Тексерулер", "Проверки"],
    trust: ["Сенім", "Доверие"],
    ts: ["уақыт белгісі бойынша", "по метке времени"],
    claim: ["қол қоюшының мәлімдемесі", "заявление подписанта"],
    none: ["көрсетілмеген", "не указано"],
    no_client: ["Серверде NCALayer клиенті орнатылмаған: әкімшіге хабарласыңыз", "На сервере не установлен клиент NCALayer: обратитесь к администратору"],
  };
  const state = { lang: localStorage.getItem("qujat.lang") === "kk" ? "kk" : "ru", last: null, prepared: null };
  const $ = (sel) => document.querySelector(sel);
  const t = (key) => (T[key] ? T[key][state.lang === "kk" ? 0 : 1] : key);
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
    out.append(doc, el("p", { class: "status" }, `${t("trust")}: ${result.trust_store_text[state.lang]}`));
    result.reason_texts.forEach((r) => out.append(el("p", { class: "mismatch" }, r[state.lang])));
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
      [t("chain"), s.chain ? `${s.chain_text[state.lang]}: ${s.chain.path.join(" → ")}` : "—"],
      [t("revocation"), (s.revocation || []).map((r) => `${r.certificate}: ${r.text[state.lang]}`).join("; ") || "—"],
      [t("checks"), Object.values(s.checks_text).map((c) => c[state.lang]).join("; ")],
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

  /* the vendored client, loaded in sign mode only */
  function loadClient() {
    if (window.NCALayerClient) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const script = el("script", { src: "/static/vendor/ncalayer-client.js" });
      script.onload = resolve;
      script.onerror = () => reject(new Error(t("no_client")));
      document.head.append(script);
    });
  }

  async function sign() {
    const box = $("#sign-error");
    box.hidden = true;
    const prepared = state.prepared;
    if (!prepared) return;
    // NCALayer listens on wss://127.0.0.1:13579; ?ncalayer=… points the page elsewhere (the test stand-in)
    const url = new URLSearchParams(location.search).get("ncalayer") || "wss://127.0.0.1:13579";
    let client = null;
    try {
      await loadClient();
      client = new window.NCALayerClient(url, false);
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
      if (client && client.wsConnection) client.wsConnection.close();
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
    const mode = new URLSearchParams(location.search).get("mode") === "sign" ? "sign" : "verify";
    document.body.dataset.page = mode;
    document.querySelectorAll("[data-mode]").forEach((node) => { node.hidden = node.dataset.mode !== mode; });
    $("#page-title").dataset.t = `${mode}_title`;
    const other = $("#other-mode");
    other.dataset.t = mode === "sign" ? "go_verify" : "go_sign";
    other.href = mode === "sign" ? "/static/verify.html" : "/static/verify.html?mode=sign";
    if (mode === "verify") $("#verify-btn").addEventListener("click", verifyUpload);
    else {
      $("#prepare-btn").addEventListener("click", prepare);
      $("#sign-btn").addEventListener("click", sign);
    }
    applyTexts();
    document.body.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", boot);
})();
