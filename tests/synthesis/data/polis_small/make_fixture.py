"""Writes tests/synthesis/data/polis_small (run from the repository root; output committed)."""

import csv
import random
from pathlib import Path

rng = random.Random(42)
out = Path("tests/synthesis/data/polis_small")
texts_a = [
    "Több pénzt a falusi kultúrotthonok felújítására",
    "A néptánccsoportok kapjanak állandó próbatermet",
    "Legyen minden faluban könyvtár",
    "Hagyományőrző fesztivál minden nyáron a Székelyföldön",
    "Finanțare pentru căminele culturale din sate",
    "Mai multe ansambluri de dansuri populare",
    "Támogassák a kézműves műhelyeket",
    "Tabără de meșteșuguri pentru copii în fiecare vară",
    "A helyi múzeumok legyenek ingyenesek a diákoknak",
    "Muzee sătești deschise și în weekend",
    "Faluturizmus és kultúra együtt",
    "Programe culturale în limba maghiară și română la sate",
]
texts_b = [
    "A megyei pénzt a városi nagy színházra kell költeni",
    "Un centru cultural mare în Miercurea Ciuc",
    "Modern kortárs művészeti galéria Csíkszeredában",
    "Festival de muzică electronică în oraș",
    "Digitális kulturális platform minden intézménynek",
    "Concerte mari în stadion, nu evenimente mici",
    "Kevesebb pénzt a hagyományőrzésre",
    "Cinematograf modern în fiecare oraș",
    "Nemzetközi filmfesztivál Székelyudvarhelyen",
    "Artă stradală și graffiti legal în orașe",
    "Startup-ok a kreatív iparban",
    "Rezidențe pentru artiști străini",
]
consensus = [
    "Az intézmények honlapja legyen kétnyelvű",
    "Transport public la evenimentele culturale",
    "Több önkéntes program fiataloknak",
    "Bilete mai ieftine pentru pensionari",
]
comments = [(i, t, 1) for i, t in enumerate(texts_a + texts_b + consensus)]
comments.append((28, "Buy cheap watches now!!! www.spam.example", -1))
comments.append(
    (29, 'Egy hosszabb javaslat:\n"közös" programok a két nyelv beszélőinek,\ntöbb sorban', 0)
)
base = 1_600_000_000_000
with open(out / "comments.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(
        [
            "timestamp",
            "datetime",
            "comment-id",
            "author-id",
            "agrees",
            "disagrees",
            "moderated",
            "comment-body",
        ]
    )
    for cid, text, mod in comments:
        w.writerow(
            [
                base + cid * 1000,
                "Sun Sep 13 2020 12:26:40 GMT+0000",
                cid,
                200 + cid % 7,
                0,
                0,
                mod,
                text,
            ]
        )
rows, truth = [], []
voters = [(100 + i, 0) for i in range(30)] + [(130 + i, 1) for i in range(30)]
t = base + 100_000
for voter, g in voters:
    truth.append((voter, g))
    for cid, _text, _mod in comments:
        if rng.random() < 0.25:
            continue
        if cid < 24:
            own = (cid < 12) == (g == 0)
            p = 0.9 if own else 0.1
        elif cid < 28:
            p = 0.92
        else:
            p = 0.5
        r = rng.random()
        vote = 0 if r < 0.07 else (1 if rng.random() < p else -1)
        t += rng.randint(1, 5000)
        rows.append([t, "x", cid, voter, vote])
# Second thoughts: an early disagree of voter 100 on comment 0; their later row wins.
rows.insert(0, [base + 50_000, "x", 0, 100, -1])
# Three voters with two votes each: left out of the groups.
for voter in (900, 901, 902):
    for cid in (24, 25):
        t += 10
        rows.append([t, "x", cid, voter, 1])
with open(out / "votes.csv", "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
    w.writerows(rows)
with open(out / "planted_groups.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["participant", "planted"])
    w.writerows(truth)
print(len(rows), "votes")
