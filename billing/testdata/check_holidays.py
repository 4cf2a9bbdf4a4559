#!/usr/bin/python3
"""Compare the golden calendar table with Debian's python3-holidays.

Run once by hand (not by go test), with Debian's python3 and its
python3-holidays package:

    /usr/bin/python3 billing/testdata/check_holidays.py \
        billing/testdata/swedish-non-working-weekdays-1990-2100.txt

python3-holidays lists the eves (Midsommarafton, Julafton, Nyårsafton) among
Sweden's holidays; they are compared with the table's eves, every other name
with its public holidays. Only Monday to Friday dates are compared.
"""
import sys
from datetime import date

import holidays

EVES = {"Midsommarafton", "Julafton", "Nyårsafton"}

golden = {"holiday": set(), "eve": set()}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if not line.strip() or line.startswith("#"):
            continue
        day, _weekday, kind = line.split()[:3]
        golden[kind].add(date.fromisoformat(day))

theirs = {"holiday": set(), "eve": set()}
for day, name in holidays.Sweden(years=range(1990, 2101), include_sundays=False).items():
    if day.weekday() >= 5:
        continue
    names = set(n.strip() for n in name.split(","))
    theirs["eve" if names <= EVES else "holiday"].add(day)
    if names & EVES and not names <= EVES:
        print("both an eve and a holiday:", day, name)

ok = True
for kind in ("holiday", "eve"):
    for day in sorted(golden[kind] - theirs[kind]):
        print(f"{day} {kind} in the table, not in python3-holidays")
        ok = False
    for day in sorted(theirs[kind] - golden[kind]):
        print(f"{day} {kind} in python3-holidays, not in the table")
        ok = False
print("python3-holidays", holidays.__version__ if hasattr(holidays, "__version__") else "?")
if ok:
    print(f"agree: {len(golden['holiday'])} holidays, {len(golden['eve'])} eves")
sys.exit(0 if ok else 1)
