"""Layers, not circles: no import cycle among skill's modules (imports inside functions
included), and the Lambda entry never loads the local conversation's understanding."""
import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "skill"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every skill module this file imports, at any depth of the file."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("skill")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("skill"):
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names}
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in modules and m != name}
            for name, path in modules.items()}


def test_no_import_circle_in_skill():
    edges, cycles = graph(), []

    def visit(node, stack):
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in done:
            return
        for nxt in sorted(edges[node]):
            visit(nxt, stack + [node])
        done.add(node)

    done: set[str] = set()
    for start in sorted(edges):
        visit(start, [])
    # A package importing its own submodules (skill.store -> skill.store.base) is not a circle.
    real = [c for c in cycles if not all(c[0].startswith(m) or m.startswith(c[0]) for m in c)]
    assert not real, "\n".join(" -> ".join(c) for c in real)


def test_the_lambda_entry_loads_nothing_of_the_local_conversation():
    code = ("import sys, skill.lambda_function; "
            "print(sorted(m for m in sys.modules if m.startswith('skill.local') "
            "or m.split('.')[0] in ('sklearn', 'flask', 'werkzeug')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"
