"""Agreement report: `cd tests && ../.venv/bin/python -m crosscheck.report`."""

from __future__ import annotations

from .harness import run_all


def main() -> None:
    procs, exams, _ = run_all()
    gaps = [c for c in procs if c.exp.vocab and c.got.status == "unrecognized"]
    un = [c for c in procs if not c.exp.ambiguous and c not in gaps]
    st_ok = sum(c.got.status == c.exp.status for c in un)
    both_ok = sum(c.got.status == c.exp.status and c.got.rule == c.exp.rule for c in un)
    ue = [c for c in exams if not c.exp.amb_underuse]
    uu_ok = sum(c.got == frozenset(c.exp.underuse) for c in ue)
    print(f"patients {len({c.patient.pid for c in procs} | {c.patient.pid for c in exams})}, "
          f"procedures {len(procs)} ({len(un)} unambiguous), exams {len(exams)}")
    print(f"unambiguous procedures: status {st_ok}/{len(un)} ({st_ok / len(un):.1%}), "
          f"status+rule {both_ok}/{len(un)} ({both_ok / len(un):.1%})")
    print(f"unambiguous exams: under-use {uu_ok}/{len(ue)} ({uu_ok / len(ue):.1%})")
    # status agreement over all rows whose STATUS is settled (rule may be ambiguous)
    ss = [c for c in procs if not c.exp.amb_status and c not in gaps]
    ok = sum(c.got.status == c.exp.status for c in ss)
    print(f"rows with a settled status: {ok}/{len(ss)} ({ok / len(ss):.1%})")
    print("\n== disagreements (unambiguous fields) ==")
    for c in procs:
        if c in gaps:
            continue
        bad = []
        if not c.exp.amb_status and c.got.status != c.exp.status:
            bad.append("status")
        if not c.exp.ambiguous and c.got.rule != c.exp.rule:
            bad.append("rule")
        if bad:
            print(f"{c.id} {c.patient.title} | day {c.exp.day} {c.exp.code or ''} "
                  f"{c.exp.name or ''} | expected {c.exp.status}/{c.exp.rule} | engine "
                  f"{c.got.status}/{c.got.rule} | {c.got.reason}")
    for c in ue:
        if c.got != frozenset(c.exp.underuse):
            print(f"{c.id} {c.patient.title} | expected {sorted(c.exp.underuse)} | engine "
                  f"{sorted(c.got)}")
    print("\n== name vocabulary gaps (engine: unrecognized) ==")
    for c in gaps:
        print(f"{c.id} {c.exp.name!r} expected {c.exp.status}/{c.exp.rule}")
    print("\n== ambiguous fields ==")
    for c in procs:
        if c.exp.ambiguous:
            same = (c.got.status == c.exp.status, c.got.rule == c.exp.rule)
            print(f"{c.id} day {c.exp.day} {c.exp.code or ''} {c.exp.name or ''} | chosen "
                  f"{c.exp.status}/{c.exp.rule} | engine {c.got.status}/{c.got.rule} "
                  f"{'AGREE' if all(same) else 'differs'} | {c.got.reason}")
    for c in exams:
        if c.exp.amb_underuse:
            print(f"{c.id} | chosen {sorted(c.exp.underuse)} | engine {sorted(c.got)}")


if __name__ == "__main__":
    main()
