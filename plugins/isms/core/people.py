"""Who holds a role: two roles are one person when the same holder or the same handle holds both.

Segregation of duties (Annex A 5.3) is about people, not role ids: a CISO who also acts as DPO
approving a policy the DPO owns approves their own work.
"""

from __future__ import annotations

from collections.abc import Iterable

from isms.core.models.registers import Role


def _normal(text: str | None) -> str:
    return " ".join(text.split()).casefold() if text else ""


def same_person(roles: Iterable[Role], first: str, second: str) -> str | None:
    """How ``first`` and ``second`` are one person ('the same role', or the holder they share); None if not."""
    if first == second:
        return "the same role"
    by_id = {role.id: role for role in roles}
    one, other = by_id.get(first), by_id.get(second)
    if one is None or other is None:
        return None  # an unknown role is the references check's finding
    if _normal(one.holder) and _normal(one.holder) == _normal(other.holder):
        return f"both held by {one.holder}"
    if _normal(one.handle).lstrip("@") and _normal(one.handle).lstrip("@") == _normal(other.handle).lstrip("@"):
        return f"both held by {one.handle}"
    return None
