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
    page, baseline = results[mode].get(name), results[mode].get("baseline")
    if not page or not baseline:
        return None
    return page["requests_per_second"] / baseline["requests_per_second"]


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
    return "\n".join(lines)


def latency_table(record):
    lines = [f"{'page':<22} | {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}   (one request per worker)"]
    for name, numbers in record.get("latency", {}).items():
        lines.append(
            f"{name:<22} | {numbers['requests_per_second']:>8.0f} {numbers['p50_ms']:>7.2f}"
            f" {numbers['p99_ms']:>7.2f}"
        )
    return "\n".join(lines)


def write_json(record, path):
    path.write_text(json.dumps(record, indent=2) + "\n")


def plot(record, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [name for name, _ in record["pages"] if name != "baseline"]
    figure, axes = plt.subplots(figsize=(9, 0.45 * len(names) + 1.6))
    height = 0.4
    for offset, mode in ((-height / 2, "cache_on"), (height / 2, "cache_off")):
        values = [ratio(record["results"], mode, name) or 0 for name in names]
        positions = [i + offset for i in range(len(names))]
        axes.barh(positions, values, height=height, label=MODE_TITLES[mode])
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
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    from pathlib import Path

    print(markdown_table(json.loads(Path(sys.argv[1]).read_text())))
