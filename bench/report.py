"""The benchmark results as a Markdown table, each ratio beside its target."""

from __future__ import annotations

#: Targets of the ratios (issue "Benchmarks as ratios"); a missed target fails nothing.
TARGETS = {"start": 1.5, "python_serial": 1.1, "python_n2": 0.65, "r_serial": 1.3,
           "r_n2": 0.65, "docs_edit": 0.2, "docs_no_change": 0.2, "page_kilobytes": 600}


def _spread(figure: dict) -> str:
    """The median with the min and max beside it, and where counted: the bytes the server
    sent, the GETs it received, and the whole process of each round."""
    text = (f"{_seconds(figure['median'])} (min {_seconds(figure['min'])}, "
            f"max {_seconds(figure['max'])}, {figure['runs']} runs)")
    if "served_megabytes" in figure:
        text += f"; {figure['served_megabytes']:.1f} MB sent by the server"
    if "fetched" in figure:
        fetched = figure["fetched"]
        text += (f"; {fetched['requests']} GETs of {fetched['objects']} objects "
                 f"({fetched['outside_filter']} outside DEP=06)")
    if "process" in figure:
        process = figure["process"]
        text += (f"; whole process {_seconds(process['median'])} (min "
                 f"{_seconds(process['min'])}, max {_seconds(process['max'])})")
    return text


def _seconds(value: float) -> str:
    """Seconds, or milliseconds under a tenth of a second."""
    return f"{value:.3f} s" if value >= 0.1 else f"{value * 1000:.1f} ms"


def _verdict(value: float, target: float) -> str:
    return f"{value:.2f} (target ≤ {target}: {'met' if value <= target else 'missed'})"


def _sandbox_rows(sandbox: dict) -> list[tuple[str, str]]:
    return [("sandbox start to first authenticated request", _spread(sandbox["sandbox_start"])),
            ("plain moto ThreadedMotoServer, same", _spread(sandbox["moto_start"])),
            ("ratio sandbox / moto", _verdict(sandbox["ratio_start"], TARGETS["start"])),
            ("reset + reseed between items", _spread(sandbox["reset_reseed"]))]


def _overhead_rows(language: str, figures: dict | None) -> list[tuple[str, str]]:
    if figures is None:
        return [(f"{language} items", "not measured: the language cannot run here")]
    return [
        (f"{language}: bare sum of {figures['items']} snippets", _spread(figures["bare_sum"])),
        (f"{language}: items through pytest, serially", _spread(figures["pytest_serial"])),
        (f"{language}: items through pytest, -n 2", _spread(figures["pytest_n2"])),
        (f"{language}: ratio serial", _verdict(figures["ratio_serial"],
                                               TARGETS[f"{language}_serial"])),
        (f"{language}: ratio -n 2", _verdict(figures["ratio_n2"], TARGETS[f"{language}_n2"])),
    ] + ([
        (f"{language}: items through pytest --fork-server, serially",
         _spread(figures["fork_serial"])),
        (f"{language}: items through pytest --fork-server, -n 2", _spread(figures["fork_n2"])),
        (f"{language}: ratio --fork-server serial",
         _verdict(figures["ratio_fork_serial"], TARGETS[f"{language}_serial"])),
        (f"{language}: ratio --fork-server -n 2",
         _verdict(figures["ratio_fork_n2"], TARGETS[f"{language}_n2"])),
    ] if "fork_serial" in figures else [])


def _docs_rows(docs: dict) -> list[tuple[str, str]]:
    heaviest = docs["heaviest_page"]
    return [
        ("docs: cold build", _spread(docs["cold"])),
        ("docs: rebuild after editing one snippet", _spread(docs["edit_one_snippet"])),
        ("docs: rebuild with nothing changed", _spread(docs["no_change"])),
        ("docs: ratio edit / cold", _verdict(docs["ratio_edit"], TARGETS["docs_edit"])),
        ("docs: ratio no change / cold", _verdict(docs["ratio_no_change"],
                                                  TARGETS["docs_no_change"])),
        ("docs: pages read again after the edit",
         ", ".join(docs["pages_rebuilt_after_edit"]) or "none"),
        ("docs: pages read again with nothing changed",
         ", ".join(docs["pages_rebuilt_without_change"]) or "none"),
        ("docs: heaviest page with its assets",
         f"{heaviest['page']}: {heaviest['kilobytes']} kB "
         f"(target ≤ {TARGETS['page_kilobytes']} kB)"),
    ]


def _reading_rows(reading: dict, part: str = "reading",
                  sections: tuple[str, ...] = ("formats", "tools", "downloads", "uploads")
                  ) -> list[tuple[str, str]]:
    """Every figure of *part* (not the ratios) with its min and max."""
    rows = []
    for target, figures in reading.items():
        if "not_measured" in figures:
            rows.append((f"{part}, {target}", f"not measured: {figures['not_measured']}"))
            continue
        if figures.get("not_measured_engines"):
            rows += [(f"{part}, {target}, {engine}", f"not measured: {reason}")
                     for engine, reason in figures["not_measured_engines"].items()]
        if "sizes" in figures and part == "partitions":
            sizes = figures["sizes"]
            rows.append((f"{part}, {target}, dataset",
                         f"{sizes['rows']} rows, {sizes['files']} files, "
                         f"{sizes['megabytes']} MB; {sizes['files_kept']} files in the filter"))
        for section in sections:
            for name, figure in figures.get(section, {}).items():
                if isinstance(figure, dict):
                    rows.append((f"{part}, {target}, {section}: {name.replace('_', ' ')}",
                                 _spread(figure)))
    return rows


def _scaling_rows(scaling: dict) -> list[tuple[str, str]]:
    rows = []
    for name, fitted in scaling.items():
        extrapolated = next(v for k, v in fitted.items() if k.startswith("extrapolated_"))
        figure = (f"{fitted['fixed_seconds']:.1f} s + {fitted['per_item_seconds']:.2f} s "
                  f"per item; 900 items: {extrapolated / 60:.1f} min")
        workers = int(name.split("workers ")[1].split(",")[0])
        if fitted.get("bare_workers", 1) == workers:
            figure += (f"; per item / bare run, {workers} at a time "
                       f"({_spread(fitted['bare_seconds'])}): {fitted['per_item_ratio']:.2f}")
        elif "per_item_ratio" in fitted:
            figure += (f"; per item / bare run: not comparable (the bare runs went one at a time, "
                       f"not {workers} at a time: measure again with --only scaling)")
        rows.append((f"scaling, {name.replace('_', ' ')}", figure))
    return rows


def markdown(results: dict) -> str:
    """Render *results* (as written to results.json) as a Markdown report."""
    machine = results["machine"]
    libraries = ", ".join(f"{k} {v}" for k, v in machine["libraries"].items())
    rows = []
    if results.get("sandbox"):
        rows += _sandbox_rows(results["sandbox"])
    for language, figures in results.get("overhead", {}).items():
        rows += _overhead_rows(language, figures)
    if results.get("docs"):
        rows += _docs_rows(results["docs"])
    rows += _scaling_rows(results.get("scaling", {}))
    rows += _reading_rows(results.get("reading", {}))
    rows += _reading_rows(results.get("partitions", {}), "partitions", ("partitions",))
    measured = "; ".join(f"{part} {date}" for part, date
                         in sorted(results.get("measured", {}).items()))
    lines = [f"# nubodoc benchmarks, {results['date']}", "",
             f"Machine: {machine['cores']} cores, {machine['memory_gib']} GiB, "
             f"Python {machine['python']}; {libraries}.", "",
             f"Each part measured on: {measured or results['date']}.", "",
             "| measure | figure |", "| --- | --- |"]
    lines += [f"| {measure} | {figure} |" for measure, figure in rows]
    return "\n".join(lines) + "\n"
