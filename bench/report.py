"""The benchmark's table, its JSON record and its plot."""

import json

MODES = ("cache_on", "cache_off")
MODE_TITLES = {"cache_on": "page cache on", "cache_off": "page cache off"}
# Pages whose latency is also measured without queueing (one connection per worker).
LATENCY_PAGES = (
    "front page",
    "article",
    "search, common word",
    "search, rare word",
    "search, phrase",
    "search, with exclusion",
    "search, or of missing words",
    "search, common and rare word",
    "search, common word without another",
)


def ratio(results, mode, name):
    """A page's throughput as a share of the baseline's around it (bench.run.around()); the
    baseline's own row, and a record made before the baseline was measured between pages, as
    a share of the baseline's one figure."""
    page, baseline = results[mode].get(name), results[mode].get("baseline")
    if not page or not baseline:
        return None
    around = page.get("baseline_per_second") or baseline["requests_per_second"]
    return page["requests_per_second"] / around


def table(record):
    results = record["results"]
    header = f"{'page':<22}"
    for mode in MODES:
        header += f" | {MODE_TITLES[mode]:^34}"
    columns = f"{'':<22}" + f" | {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>8}" * 2
    lines = [header, columns, "-" * len(columns)]
    for name, _path in record["pages"]:
        line = f"{name:<22}"
        for mode in MODES:
            numbers = results[mode].get(name)
            if numbers is None:
                line += f" | {'(not on this site)':>34}"
                continue
            line += (
                f" | {numbers['requests_per_second']:>8.0f} {numbers['p50_ms']:>7.2f}"
                f" {numbers['p99_ms']:>7.2f} {ratio(results, mode, name):>8.3f}"
            )
        lines.append(line)
    for mode in MODES:
        runs = results[mode].get("baseline", {}).get("runs_per_second")
        if runs and len(runs) > 1:
            lines.append(
                f"{MODE_TITLES[mode]}: {len(runs)} runs of the baseline between the pages,"
                f" {min(runs):,.0f} to {max(runs):,.0f} req/s (the median shown); each page's"
                " share is of the two around it"
            )
    return "\n".join(lines)


def latency_table(record):
    lines = [f"{'page':<22} | {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}   (one request per worker)"]
    for name, numbers in record.get("latency", {}).items():
        lines.append(
            f"{name:<22} | {numbers['requests_per_second']:>8.0f} {numbers['p50_ms']:>7.2f}"
            f" {numbers['p99_ms']:>7.2f}"
        )
    return "\n".join(lines)


def numbers_line(name, numbers):
    """One page's numbers as the bench prints them while it runs."""
    line = (
        f"{name:<22} {numbers['requests_per_second']:>8.0f} req/s"
        f"  p50 {numbers['p50_ms']:.2f} ms  p99 {numbers['p99_ms']:.2f} ms"
    )
    if numbers["non_2xx_3xx"] or numbers["socket_errors"]:
        line += (
            f"  ({numbers['non_2xx_3xx']} bad answers, {numbers['socket_errors']} socket errors)"
        )
    return line


def peer_ratio(results, side, name):
    """A page's throughput on one side as a share of that side's own baseline."""
    page, baseline = results[name].get(side), results.get("baseline", {}).get(side)
    if not page or not baseline:
        return None
    return page["requests_per_second"] / baseline["requests_per_second"]


def _peer_rows(peer, results):
    """(page, [(req/s, p50, p99, × own baseline) per side], ours ÷ peer) for each page."""
    sides = ("ours", peer["name"])
    for name, *_paths in peer["pages"]:
        numbers = [results[name][side] for side in sides]
        cells = [
            (
                page["requests_per_second"],
                page["p50_ms"],
                page["p99_ms"],
                peer_ratio(results, side, name),
            )
            for side, page in zip(sides, numbers, strict=True)
        ]
        yield name, cells, numbers[0]["requests_per_second"] / numbers[1]["requests_per_second"]


def peer_table(peer):
    """Ours against the peer, page by page: the numbers of each side, each side's page as a
    share of its own baseline, and our throughput as a multiple of the peer's."""
    name = peer["name"]
    title = f"ours and {name} {peer['version']}, no page cache on either side"
    width = max(len(page) for page, *_paths in peer["pages"])
    header = f"{'page':<{width}}" + "".join(f" | {side:^34}" for side in ("ours", name))
    header += f" | {'ours ÷ ' + name:>16}"
    columns = f"{'':<{width}}" + f" | {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'× base':>8}" * 2
    lines = []
    for label, results in (
        (f"{peer['connections']} connections", peer["results"]),
        ("one connection per worker", peer["latency"]),
    ):
        lines += ["", f"{title} ({peer['workers']} workers each, {label}):", header, columns]
        lines.append("-" * len(header))
        for page, cells, times in _peer_rows(peer, results):
            line = f"{page:<{width}}"
            for rate, p50, p99, share in cells:
                line += f" | {rate:>8.0f} {p50:>7.2f} {p99:>7.2f} {share:>8.3f}"
            lines.append(line + f" | {times:>16.2f}")
    return "\n".join(lines[1:])


def peer_markdown_table(peer):
    """The peer's table for README.md."""
    name = peer["name"]
    lines = []
    for label, results in (
        (f"{peer['connections']} connections", peer["results"]),
        ("one connection per worker", peer["latency"]),
    ):
        lines += [
            "",
            f"Ours and {name} {peer['version']}, no page cache on either side, {label}:",
            "",
            f"| page | ours: req/s | p50 ms | p99 ms | × baseline | {name}: req/s | p50 ms "
            f"| p99 ms | × baseline | ours ÷ {name} |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for page, cells, times in _peer_rows(peer, results):
            row = [page]
            for rate, p50, p99, share in cells:
                row += [f"{rate:,.0f}", f"{p50:.1f}", f"{p99:.1f}", f"{share:.2f}"]
            lines.append("| " + " | ".join([*row, f"{times:.2f}"]) + " |")
    return "\n".join(lines[1:])


# The processor time a request costs, beside the profile's split of its Python time.
CPU_COLUMNS = ("app", "database server")


def _cpu_cells(profile):
    """The app's and the database server's processor time a request, in ms; "–" where it
    was not measured (a server elsewhere, SQLite, or a record from before it was)."""
    cpu = profile.get("cpu_ms") or {}
    return ["–" if cpu.get(column) is None else f"{cpu[column]:.2f}" for column in CPU_COLUMNS]


def profile_table(profiles):
    """Python time per request, uncached, split by bench.profile's groups; then the
    processor time a request costs the app and the database server."""
    from bench.profile import GROUPS

    cpu_names = [f"CPU: {column}" for column in CPU_COLUMNS]
    header = f"{'page':<22} | {'ms':>6} | " + " | ".join(
        f"{name:>8}" for name in [*GROUPS, *cpu_names]
    )
    lines = [header, "-" * len(header)]
    for name, profile in profiles.items():
        if profile is None:
            lines.append(f"{name:<22} | (not a 200, not profiled)")
            continue
        split = profile["split_ms"]
        cells = [f"{split[group]:>{max(8, len(group))}.2f}" for group in GROUPS]
        cells += [
            f"{cell:>{max(8, len(column))}}"
            for cell, column in zip(_cpu_cells(profile), cpu_names, strict=True)
        ]
        lines.append(f"{name:<22} | {profile['ms_per_request']:>6.2f} | " + " | ".join(cells))
    return "\n".join(lines)


def profile_markdown_table(profiles):
    from bench.profile import GROUPS

    cpu_names = [f"CPU: {column}" for column in CPU_COLUMNS]
    columns = [*GROUPS, *cpu_names]
    lines = [
        "| page | ms a request | " + " | ".join(columns) + " |",
        "| --- | ---: |" + " ---: |" * len(columns),
    ]
    for name, profile in profiles.items():
        if profile is not None:
            cells = [name, f"{profile['ms_per_request']:.2f}"]
            cells += [f"{profile['split_ms'][group]:.2f}" for group in GROUPS]
            cells += _cpu_cells(profile)
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def instructions_table(counts):
    """bench.instructions' counts: a request's instructions in the app's process, and as
    many times the baseline's."""
    baseline = counts.get("baseline")
    lines = ["| page | instructions a request | × the baseline |", "| --- | ---: | ---: |"]
    for name, count in counts.items():
        times = f"{count / baseline:.2f}" if baseline else "–"
        lines.append(f"| {name} | {count:,} | {times} |")
    return "\n".join(lines)


def against_table(record):
    """Now against an earlier commit, page by page: each side's requests per second (medians
    of the rounds) and now's as a share of then's."""
    title = (
        f"now and {record['commit']}, no page cache on either side ({record['workers']} "
        f"workers each, {record['connections']} connections, medians of {record['rounds']} "
        "rounds):"
    )
    header = f"| page | now: req/s | {record['commit']}: req/s | now ÷ then |"
    lines = [title, "", header, "| --- | ---: | ---: | ---: |"]
    for page, sides in record["results"].items():
        now, then = (sides[side]["requests_per_second"] for side in ("now", "then"))
        lines.append(f"| {page} | {now:,.0f} | {then:,.0f} | {now / then:.2f} |")
    return "\n".join(lines)


def write_json(record, path):
    path.write_text(json.dumps(record, indent=2) + "\n")


def plot(record, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [name for name, _ in record["pages"] if name != "baseline"]
    series = [
        (MODE_TITLES[mode], [ratio(record["results"], mode, name) or 0 for name in names])
        for mode in MODES
    ]
    peer = record.get("peer")
    if peer:
        measured = peer["results"]
        series.append(
            (
                f"{peer['name']} {peer['version']}, no cache",
                [peer_ratio(measured, peer["name"], n) or 0 if n in measured else 0 for n in names],
            )
        )
    figure, axes = plt.subplots(figsize=(9, 0.45 * len(names) + 1.6))
    height = 0.8 / len(series)
    for number, (label, values) in enumerate(series):
        offset = (number - (len(series) - 1) / 2) * height
        positions = [i + offset for i in range(len(names))]
        axes.barh(positions, values, height=height, label=label)
    axes.set_yticks(range(len(names)), names)
    axes.invert_yaxis()
    axes.axvline(1.0, color="black", linewidth=0.8)
    axes.set_xlabel("throughput as a share of the baseline view (1.0 = floor of the stack)")
    axes.set_title(
        f"newsroom at {record['articles']:,} articles on PostgreSQL "
        f"({record['workers']} gunicorn workers, wrk -c{record['connections']})"
    )
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def markdown_table(record):
    """The table for README.md."""
    lines = [
        "| page | cache on: req/s | p50 ms | p99 ms | × baseline "
        "| cache off: req/s | p50 ms | p99 ms | × baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, _path in record["pages"]:
        cells = [name]
        for mode in MODES:
            numbers = record["results"][mode].get(name)
            if numbers is None:
                cells += ["–"] * 4
                continue
            cells += [
                f"{numbers['requests_per_second']:,.0f}",
                f"{numbers['p50_ms']:.1f}",
                f"{numbers['p99_ms']:.1f}",
                f"{ratio(record['results'], mode, name):.2f}",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    if record.get("latency"):
        lines += [
            "",
            "Latency with the page cache off and one connection per worker (no queueing):",
            "",
            "| page | req/s | p50 ms | p99 ms |",
            "| --- | ---: | ---: | ---: |",
        ]
        for name, numbers in record["latency"].items():
            lines.append(
                f"| {name} | {numbers['requests_per_second']:,.0f} | {numbers['p50_ms']:.1f} "
                f"| {numbers['p99_ms']:.1f} |"
            )
    if record.get("profile"):
        lines += [
            "",
            "Python time per request, page cache off, in process (milliseconds), then the "
            "processor time a request costs the app and the database server:",
            "",
            profile_markdown_table(record["profile"]),
        ]
    if record.get("instructions"):
        lines += [
            "",
            "Instructions a request costs the app's process (bench.instructions):",
            "",
            instructions_table(record["instructions"]),
        ]
    if record.get("peer"):
        lines += ["", peer_markdown_table(record["peer"])]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    from pathlib import Path

    print(markdown_table(json.loads(Path(sys.argv[1]).read_text())))
