/* A form built from a JSON Schema (2020-12 subset: local $ref, allOf, oneOf/anyOf, object, array, enum,
   string/number/integer/boolean). Each widget returns {el, get()}; get() gives the current value or
   undefined when empty, so optional fields left blank are omitted from the record. */
"use strict";

(function () {
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") el.className = v;
      else if (k === "text") el.textContent = v;
      else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c) el.append(c);
    return el;
  }

  function pretty(name) {
    const s = String(name).replace(/[_-]+/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function isEmpty(v) {
    return v === undefined || v === null || v === "" ||
      (Array.isArray(v) && v.length === 0) ||
      (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);
  }

  class Builder {
    constructor(root, t, fieldLabel, lang) {
      this.root = root;
      this.t = t;
      this.fieldLabel = fieldLabel || ((name) => pretty(name));
      this.lang = lang || "ru";
      this.uid = 0;
    }

    /* The schema's own words in the interface language: x-i18n {kk|ru: {title, description, enum}}. The
       English title/description of the schema are for developers and are never shown. */
    words(schema) {
      const own = schema && schema["x-i18n"];
      return (own && own[this.lang]) || {};
    }

    /* Follow $ref (local only) and merge allOf and $ref siblings into one schema. */
    resolve(schema, depth = 0) {
      if (!schema || typeof schema !== "object" || depth > 32) return schema || {};
      let out = {...schema};
      const merge = (base, own) => ({...base, ...own,
        properties: {...(base.properties || {}), ...(own.properties || {})},
        required: [...new Set([...(base.required || []), ...(own.required || [])])]});
      if (typeof out.$ref === "string" && out.$ref.startsWith("#/")) {
        const target = out.$ref.slice(2).split("/").reduce((n, k) => (n ? n[decodeURIComponent(k)] : n), this.root);
        delete out.$ref;
        out = merge(this.resolve(target, depth + 1), out);
      }
      if (Array.isArray(out.allOf)) {
        const parts = out.allOf.map((s) => this.resolve(s, depth + 1));
        delete out.allOf;
        for (const p of parts) out = merge(p, out);
      }
      if (out.properties && !Object.keys(out.properties).length) delete out.properties;
      if (out.required && !out.required.length) delete out.required;
      return out;
    }

    typeOf(schema) {
      if (Array.isArray(schema.type)) return schema.type.find((x) => x !== "null") || "string";
      if (schema.type) return schema.type;
      if (schema.properties) return "object";
      if (schema.items) return "array";
      return undefined;
    }

    /* {kk, ru} text: either a oneOf of a string and an object with kk/ru, or an object with exactly kk/ru. */
    bilingualKind(schema) {
      const alts = schema.oneOf || schema.anyOf;
      const isPair = (s) => s && this.typeOf(s) === "object" && s.properties &&
        Object.keys(s.properties).sort().join(",") === "kk,ru";
      if (alts && alts.length === 2) {
        const r = alts.map((a) => this.resolve(a));
        if (r.some((a) => this.typeOf(a) === "string") && r.some(isPair)) return "either";
      }
      if (isPair(schema)) return "pair";
      return null;
    }

    field(label, description, required, control) {
      const id = control.id || `sf-${++this.uid}`;
      control.id = id;
      return h("div", {class: "sf-field"},
        h("label", {for: id, class: "sf-label"}, label, required ? h("span", {class: "req", text: " *"}) : null),
        control,
        description ? h("div", {class: "sf-hint", text: description}) : null);
    }

    widget(schema, value, label, required, path) {
      schema = this.resolve(schema);
      const description = this.words(schema).description;
      const bilingual = this.bilingualKind(schema);
      if (bilingual) return this.bilingual(schema, value, label, required, description, bilingual === "either", path);
      if (schema.oneOf || schema.anyOf) return this.choice(schema, value, label, required, path);
      if (schema.enum) return this.enumWidget(schema, value, label, required, description, path);
      const type = this.typeOf(schema);
      if (type === "object") return this.object(schema, value, label, required, path);
      if (type === "array") return this.array(schema, value, label, required, path);
      if (type === "boolean") return this.boolean(value, label, description, path);
      if (type === "number" || type === "integer") return this.numberWidget(schema, value, label, required, description, path, type);
      if (type === "string") return this.stringWidget(schema, value, label, required, description, path);
      return this.rawJson(value, label, description, path);
    }

    stringWidget(schema, value, label, required, description, path) {
      const long = !schema.format && !schema.pattern && !(schema.maxLength && schema.maxLength <= 80);
      const input = long
        ? h("textarea", {rows: 2, "data-path": path})
        : h("input", {type: schema.format === "date" ? "date" : "text", "data-path": path,
                      maxlength: schema.maxLength, pattern: schema.pattern});
      input.value = typeof value === "string" ? value : "";
      return {el: this.field(label, description, required, input),
        get: () => (input.value.trim() === "" ? undefined : input.value)};
    }

    numberWidget(schema, value, label, required, description, path, type) {
      const input = h("input", {type: "number", step: type === "integer" ? "1" : "any", "data-path": path,
                               min: schema.minimum, max: schema.maximum});
      input.value = typeof value === "number" ? String(value) : "";
      return {el: this.field(label, description, required, input),
        get: () => (input.value === "" ? undefined : Number(input.value))};
    }

    boolean(value, label, description, path) {
      const input = h("input", {type: "checkbox", "data-path": path});
      input.checked = value === true;
      const el = h("div", {class: "sf-field sf-check"}, h("label", {}, input, " ", label),
        description ? h("div", {class: "sf-hint", text: description}) : null);
      return {el, get: () => input.checked};
    }

    enumWidget(schema, value, label, required, description, path) {
      const select = h("select", {"data-path": path});
      select.append(h("option", {value: "", text: this.t("choose")}));
      const names = this.words(schema).enum || [];
      schema.enum.forEach((v, i) => {
        if (v === null) return;
        const opt = h("option", {value: String(i), text: String(names[i] ?? v)});
        if (v === value) opt.selected = true;
        select.append(opt);
      });
      return {el: this.field(label, description, required, select),
        get: () => (select.value === "" ? undefined : schema.enum[Number(select.value)])};
    }

    bilingual(schema, value, label, required, description, either, path) {
      const box = h("div", {class: "sf-bilingual"});
      const mk = (lang, v) => {
        const ta = h("textarea", {rows: 2, "data-path": `${path}.${lang}`, lang});
        ta.value = v || "";
        return ta;
      };
      let single = either && typeof value === "string";
      let one = mk("both", single ? value : "");
      let kk = mk("kk", value && typeof value === "object" ? value.kk : "");
      let ru = mk("ru", value && typeof value === "object" ? value.ru : "");
      const render = () => {
        box.replaceChildren(
          single
            ? h("div", {class: "sf-lang-row"}, h("span", {class: "sf-lang", text: this.t("lang_both")}), one)
            : h("div", {}, h("div", {class: "sf-lang-row"}, h("span", {class: "sf-lang", text: this.t("lang_kk")}), kk),
                           h("div", {class: "sf-lang-row"}, h("span", {class: "sf-lang", text: this.t("lang_ru")}), ru)),
          ...(either ? [h("button", {type: "button", class: "link", text: this.t(single ? "split_text" : "one_text"),
            onclick: () => {
              if (single) { kk.value = kk.value || one.value; ru.value = ru.value || one.value; }
              else { one.value = one.value || ru.value || kk.value; }
              single = !single;
              render();
            }})] : []));
      };
      render();
      const el = h("div", {class: "sf-field"}, h("div", {class: "sf-label"}, label,
        required ? h("span", {class: "req", text: " *"}) : null), box,
        description ? h("div", {class: "sf-hint", text: description}) : null);
      return {el, get: () => {
        if (single) return one.value.trim() === "" ? undefined : one.value;
        const out = {};
        if (kk.value.trim() !== "") out.kk = kk.value;
        if (ru.value.trim() !== "") out.ru = ru.value;
        return isEmpty(out) ? undefined : out;
      }};
    }

    matches(schema, value) {
      const s = this.resolve(schema);
      const type = this.typeOf(s);
      if (value === undefined || value === null) return false;
      if (this.bilingualKind(s)) return typeof value === "string" || (typeof value === "object" && !Array.isArray(value));
      if (type === "array") return Array.isArray(value);
      if (type === "object") return typeof value === "object" && !Array.isArray(value);
      if (type === "string") return typeof value === "string";
      if (type === "number" || type === "integer") return typeof value === "number";
      if (type === "boolean") return typeof value === "boolean";
      return false;
    }

    choice(schema, value, label, required, path) {
      const alts = schema.oneOf || schema.anyOf;
      let index = Math.max(0, alts.findIndex((a) => this.matches(a, value)));
      const select = h("select", {class: "sf-choice", "data-path": `${path}#variant`});
      alts.forEach((a, i) => {
        const r = this.resolve(a);
        const name = this.words(alts[i]).title || this.words(r).title || `${this.t("variant")} ${i + 1}`;
        select.append(h("option", {value: String(i), text: name, selected: i === index}));
      });
      const slot = h("div", {});
      let current;
      const render = (v) => {
        current = this.widget(alts[index], v, label, required, path);
        slot.replaceChildren(current.el);
      };
      select.addEventListener("change", () => { index = Number(select.value); render(undefined); });
      render(value);
      const hint = this.words(schema).description;
      const el = h("div", {class: "sf-choice-box"}, select, slot, hint ? h("div", {class: "sf-hint", text: hint}) : null);
      return {el, get: () => current.get()};
    }

    object(schema, value, label, required, path) {
      const props = schema.properties || {};
      const req = new Set(schema.required || []);
      value = value && typeof value === "object" && !Array.isArray(value) ? value : {};
      const children = Object.entries(props).map(([name, sub]) =>
        [name, this.widget(sub, value[name], this.words(this.resolve(sub)).title || this.fieldLabel(name), req.has(name),
                           path ? `${path}.${name}` : name)]);
      // Keys in the value the schema does not list are kept as they are.
      const extra = Object.fromEntries(Object.entries(value).filter(([k]) => !(k in props)));
      const body = children.map(([, w]) => w.el);
      const el = path === ""
        ? h("div", {class: "sf-root"}, body)
        : h("fieldset", {class: "sf-object", "data-path": path}, h("legend", {}, label, required ? h("span", {class: "req", text: " *"}) : null),
            this.words(schema).description ? h("div", {class: "sf-hint", text: this.words(schema).description}) : null, body);
      return {el, get: () => {
        const out = {...extra};
        for (const [name, w] of children) {
          const v = w.get();
          if (!isEmpty(v) || (typeof v === "boolean")) out[name] = v;
        }
        return isEmpty(out) && path !== "" ? undefined : out;
      }};
    }

    array(schema, value, label, required, path) {
      const itemSchema = schema.items || {};
      const list = h("ol", {class: "sf-array"});
      const items = [];
      const add = (v) => {
        const li = h("li", {});
        const entry = {w: null, li};
        entry.w = this.widget(itemSchema, v, `${label} ${items.length + 1}`, false, `${path}[${items.length}]`);
        const rm = h("button", {type: "button", class: "sf-remove", title: this.t("remove"), "aria-label": this.t("remove"),
          text: "×", onclick: () => { items.splice(items.indexOf(entry), 1); li.remove(); }});
        li.append(entry.w.el, rm);
        items.push(entry);
        list.append(li);
      };
      (Array.isArray(value) ? value : []).forEach(add);
      const addBtn = h("button", {type: "button", class: "sf-add", "data-path": `${path}+`,
        text: `+ ${this.t("add")}`, onclick: () => add(undefined)});
      const hint = this.words(schema).description;
      const el = h("fieldset", {class: "sf-object sf-array-box", "data-path": path},
        h("legend", {}, label, required ? h("span", {class: "req", text: " *"}) : null),
        hint ? h("div", {class: "sf-hint", text: hint}) : null, list, addBtn);
      return {el, get: () => {
        const out = items.map((e) => e.w.get()).filter((v) => !isEmpty(v));
        return out.length ? out : undefined;
      }};
    }

    rawJson(value, label, description, path) {
      const ta = h("textarea", {rows: 4, class: "mono", "data-path": path});
      ta.value = value === undefined ? "" : JSON.stringify(value, null, 2);
      return {el: this.field(label, description, false, ta), get: () => {
        if (ta.value.trim() === "") return undefined;
        try { return JSON.parse(ta.value); } catch (e) { throw new Error(`${path}: ${e.message}`); }
      }};
    }
  }

  /* Build the form for ``schema`` prefilled with ``value`` inside ``container``; returns {get()}.
     ``t(key)`` translates interface words, ``fieldLabel(name)`` names a property. */
  function build(container, schema, value, t, fieldLabel, lang) {
    const builder = new Builder(schema, t, fieldLabel, lang);
    const root = builder.widget(schema, value, "", true, "");
    container.replaceChildren(root.el);
    return {get: () => root.get() || {}};
  }

  /* The control a JSON path of the record names ("$.points[0].text"), or its nearest ancestor's. */
  function controlFor(container, jsonPath) {
    let path = String(jsonPath || "").replace(/^\$\.?/, "");
    for (;;) {
      if (!path) return container.querySelector("[data-path]");
      const q = (op, v) => container.querySelector(`[data-path${op}="${CSS.escape(v)}"]`);
      const found = q("", path) || q("^", path + ".") || q("^", path + "[");
      if (found) return found;
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      path = cut > 0 ? path.slice(0, cut) : "";
    }
  }

  /* Show each error at its field (red outline, the message under it); returns the first field marked. */
  function showErrors(container, fields) {
    clearErrors(container);
    let first = null;
    for (const f of fields) {
      const control = controlFor(container, f.path);
      if (!control) continue;
      const box = control.closest(".sf-field, .sf-object") || control;
      box.classList.add("sf-invalid");
      if (control.matches("input, textarea, select")) control.setAttribute("aria-invalid", "true");
      if (!box.querySelector(":scope > .sf-error")) {
        const msg = h("div", {class: "sf-error", role: "alert", text: f.message});
        const legend = box.querySelector(":scope > legend");
        if (legend) legend.after(msg); else box.append(msg);
      }
      first = first || control;
    }
    return first;
  }

  function clearErrors(container) {
    container.querySelectorAll(".sf-error").forEach((n) => n.remove());
    container.querySelectorAll(".sf-invalid").forEach((n) => n.classList.remove("sf-invalid"));
    container.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
  }

  window.SchemaForm = {build, showErrors, clearErrors};
})();
