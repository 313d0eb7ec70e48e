#!/usr/bin/env python3
"""Adds strings to Localization/SharedResource.resx and its Arabic twin, safely from parallel shells.

  tools/i18n.py add "Key" "English text" "النص العربي"
  tools/i18n.py plural "Key" "{0} point" "{0} points" "zero" "one" "two" "few" "many" "other"
  tools/i18n.py missing          # keys in English without Arabic
"""
import fcntl, os, sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EN = os.path.join(ROOT, "Localization", "SharedResource.resx")
AR = os.path.join(ROOT, "Localization", "SharedResource.ar.resx")

def entry(key, value):
    return f'  <data name="{escape(key, {chr(34): "&quot;"})}" xml:space="preserve">\n    <value>{escape(value)}</value>\n  </data>\n'

def keys(path):
    import xml.etree.ElementTree as ET
    return {d.get("name"): (d.findtext("value") or "") for d in ET.parse(path).getroot().findall("data")}

def add(path, key, value):
    s = open(path, encoding="utf-8").read()
    if f'<data name="{escape(key, {chr(34): "&quot;"})}"' in s:
        return False
    i = s.rindex("</root>")
    s = s[:i] + entry(key, value) + s[i:]
    open(path, "w", encoding="utf-8").write(s)
    return True

def main():
    with open(os.path.join(ROOT, "Localization", ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cmd = sys.argv[1]
        if cmd == "add":
            key, en, ar = sys.argv[2:5]
            add(EN, key, en); add(AR, key, ar)
        elif cmd == "plural":
            key = sys.argv[2]; en_one, en_other = sys.argv[3:5]; ar = sys.argv[5:11]
            add(EN, key + ".one", en_one); add(EN, key + ".other", en_other)
            for cat, text in zip(["zero", "one", "two", "few", "many", "other"], ar):
                add(AR, f"{key}.{cat}", text)
        elif cmd == "missing":
            en, ar = keys(EN), keys(AR)
            for k in en:
                if k not in ar or not ar[k].strip(): print(k)
        else:
            sys.exit(__doc__)

main()
