#!/usr/bin/env python3
"""git merge driver for .resx: keeps every key from both sides (ours wins on a changed value).
   git config merge.resx.driver "python3 tools/merge-resx.py %O %A %B" """
import sys
import xml.etree.ElementTree as ET

base, ours, theirs = sys.argv[1:4]

def entries(path):
    try:
        return [(d.get("name"), d) for d in ET.parse(path).getroot().findall("data")]
    except (ET.ParseError, FileNotFoundError):
        return []

ours_tree = ET.parse(ours)
root = ours_tree.getroot()
have = {d.get("name") for d in root.findall("data")}
for name, d in entries(theirs):
    if name not in have:
        root.append(d)
        have.add(name)
ET.indent(root, space="  ")
ours_tree.write(ours, encoding="utf-8", xml_declaration=True)
