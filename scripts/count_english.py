"""Count the English words a kk or ru reader is shown in `qujat check` text reports of every generated example
(rendered in kk and ru, each report printed in kk and ru; quoted excerpts and product names left out).

    PYTHONPATH=. python scripts/count_english.py
"""
import json
import re

from service.generation import render
from validators import CheckOptions, check, kinds, resources

ALLOWED = {"docx","pdf","pptx","languagetool","libreoffice","hunspell","arial","qujat","tesseract","ocr"}
total = words = 0
for k in kinds.REGISTRY.values():
    if not k.generated:
        continue
    data = json.loads((resources.EXAMPLES / f"{k.id}.json").read_text(encoding="utf-8"))
    for lang in ("kk","ru"):
        doc = render(k.id, data, lang=lang)
        r = check(doc, name="x.docx", options=CheckOptions(pages=False))
        for out in ("kk","ru"):
            t = re.sub(r"«[^»]*»", "", r.to_text(out).split(":",1)[1])
            w = [x for x in re.findall(r"[A-Za-z][A-Za-z]+", t) if x.lower() not in ALLOWED]
            total += len(re.findall(r"\w+", t))
            words += len(w)
            if w:
                print(k.id, lang, out, w[:10])
print(f"words printed: {total}, English words among them: {words}")
