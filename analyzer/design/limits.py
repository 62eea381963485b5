"""Thresholds, approvers and spending caps, read from a description with their direction kept.

"refund up to $50 automatically; anything above $50 has to be approved by Dana in finance"
reads as one threshold: at or below $50 the agent acts on its own, above $50 Dana approves.
"No single trade may ever exceed 10%" is a hard ceiling (denied above), and "don't let it burn
$20 on one question" is a spending cap for the budget, not an approval rule. Each value keeps
the clause it came from, so the plan can quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from analyzer.design import lexicon

AMOUNT = re.compile(r"(?P<cur>[$€£])\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<k>k\b|K\b|thousand\b|m\b|million\b)?"
                    r"|(?P<pct>\d+(?:\.\d+)?)\s?(?:%|percent\b)")
_SENTENCE = re.compile(r"(?<!\d)[.!?](?!\d)|\n")
_CLAUSE = re.compile(r";|,\s*(?=and\b|but\b)|,(?=\s*(?:while\s+)?(?:anything|everything|otherwise|the rest|all other|"
                     r"bigger|larger|smaller|higher|lower|above|over|below|under)\b)|\bbut\b|\bwhile\b", re.I)


@dataclass(frozen=True)
class Threshold:
    """One limit on an action, with what happens on each side of it."""

    amount: str          # as written: "$50", "$2,000", "10%"
    value: float         # in the unit of `amount`
    below: str           # at or below the limit: auto | human | deny
    above: str           # above the limit: auto | human | deny
    approver: str        # who approves the `human` side ("" when unnamed)
    channel: str         # how they are asked ("Slack", "SMS"; "" when unnamed)
    phrase: str          # the user's clause(s)
    assumed_side: str = ""  # "below" or "above" when that side was not stated

    @property
    def percent(self) -> bool:
        return self.amount.endswith("%")

    def describe(self, action: str = "it") -> str:
        who = self.approver or "a person"
        if self.channel:
            who += f" (asked via {self.channel})"
        words = {"auto": "runs on its own", "human": f"waits for {who}", "deny": "is refused"}
        text = f"{action} at or below {self.amount} {words[self.below]}; above {self.amount} {words[self.above]}"
        if self.assumed_side:
            text += f" (the {self.assumed_side} side is assumed)"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "value": self.value, "below": self.below, "above": self.above,
                "approver": self.approver, "channel": self.channel, "phrase": self.phrase,
                "assumed_side": self.assumed_side}


@dataclass(frozen=True)
class SpendCap:
    amount: str
    value: float
    per: str       # "question", "night", "run"
    phrase: str

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "value": self.value, "per": self.per, "phrase": self.phrase}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9$%']+", text.lower())


def _has(words: list[str], cues: tuple[str, ...]) -> str:
    joined = " " + " ".join(words) + " "
    for cue in cues:
        if cue.endswith("*"):
            if re.search(r" " + re.escape(cue[:-1]) + r"[a-z']*", joined):
                return cue[:-1]
        elif f" {cue} " in joined:
            return cue
    return ""


def _value(match: re.Match) -> float:
    if match.group("pct"):
        return float(match.group("pct"))
    number = float(match.group("num").replace(",", ""))
    scale = (match.group("k") or "").lower()
    return number * (1000 if scale in ("k", "thousand") else 1_000_000 if scale in ("m", "million") else 1)


def _side(before: list[str], after: list[str]) -> str:
    near = before[-4:]
    if _has(near, lexicon.LIMIT_BELOW) or _has(after[:3], lexicon.LIMIT_BELOW_AFTER):
        return "below"
    if _has(near, lexicon.LIMIT_ABOVE) or _has(after[:3], lexicon.LIMIT_ABOVE_AFTER):
        return "above"
    return ""


def _decision(words: list[str]) -> str:
    cues = lexicon.LIMIT_DECISIONS
    if _has(words, cues["deny"]) and "without" in words:
        return "human"  # "never ... without a second sign-off"
    if _has(words, cues["deny"]):
        return "deny"
    if _has(words, cues["unattended"]):
        return "auto"
    if _has(words, cues["human"]):
        return "human"
    return "auto" if _has(words, cues["auto"]) else ""


def approver(clause: str) -> tuple[str, str]:
    """(who approves, through what) named in one clause; ("", "") when nobody is named."""
    who = ""
    for pattern in lexicon.APPROVER_PATTERNS:
        found = re.search(pattern, clause, re.I)
        if found:
            who = " ".join(found.group("who").split()).strip(" ,")
            break
    if who.lower() in ("me", "my", "i", "myself"):
        who = "you"
    if who and not _is_person(who):
        who = ""
    channel = ""
    found = re.search(lexicon.APPROVAL_CHANNEL, clause, re.I)
    if found:
        channel = found.group("via")
    return who, channel


def _is_person(who: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", who) if w.lower() not in ("the", "our", "a", "an")]
    if not words:
        return False
    lowered = " ".join(words).lower()
    if any(re.search(rf"\b{re.escape(role)}", lowered) for role in lexicon.APPROVER_ROLES):
        return True
    return words[0][0].isupper() and not words[0].isupper()  # "Dana", not "SSH"


def unwrap(text: str) -> str:
    """Join lines wrapped inside a paragraph; keep blank lines and list items as breaks."""
    return re.sub(r"(?<!\n)\n(?!\s*\n|\s*(?:[-*+]|\d+[.)])\s)", " ", text)


def _clauses(text: str) -> list[str]:
    clauses = []
    for sentence in _SENTENCE.split(text):
        clauses += [c.strip() for c in _CLAUSE.split(sentence) if c and c.strip()]
    return clauses


def read_limits(text: str) -> tuple[tuple[Threshold, ...], tuple[SpendCap, ...]]:
    """Approval thresholds and spending caps, in the order the description gives them."""
    clauses = _clauses(unwrap(text))
    found: list[dict] = []
    caps: list[SpendCap] = []
    for index, clause in enumerate(clauses):
        for match in AMOUNT.finditer(clause):
            before = _words(clause[:match.start()])
            after = _words(clause[match.end():])
            words = _words(clause)
            side = _side(before, after)
            if _has(words, lexicon.SPEND_WORDS) and not _has(words, lexicon.LIMIT_DECISIONS["human"]):
                per = _has(after[:4], lexicon.SPEND_PER) or _has(words, lexicon.SPEND_PER) or "run"
                caps.append(SpendCap(match.group(0).strip(), _value(match), per.strip(), clause))
                continue
            if not side:
                continue
            decision = _decision(words) or ("auto" if side == "below" else "human")
            who, via = approver(clause)
            entry = {"amount": match.group(0).strip(), "value": _value(match), side: decision,
                     "approver": who if decision == "human" else "", "channel": via if decision == "human" else "",
                     "phrase": clause}
            # "anything else goes to our AP clerk": the next clause decides the other side.
            if index + 1 < len(clauses) and _has(_words(clauses[index + 1])[:3], lexicon.LIMIT_OTHERWISE):
                other = "above" if side == "below" else "below"
                follow = clauses[index + 1]
                entry[other] = _decision(_words(follow)) or "human"
                if entry[other] == "human":
                    entry["approver"], entry["channel"] = approver(follow)
                entry["phrase"] += "; " + follow
            found.append(entry)
    return _merge(found), tuple(caps)


def _merge(entries: list[dict]) -> tuple[Threshold, ...]:
    """Clauses about the same amount are one threshold; a side nobody stated is assumed."""
    merged: dict[tuple[str, float], dict] = {}
    for entry in entries:
        key = ("%" if entry["amount"].endswith("%") else "$", entry["value"])
        current = merged.setdefault(key, {"amount": entry["amount"], "value": entry["value"], "phrases": [],
                                          "approver": "", "channel": ""})
        for side in ("below", "above"):
            if side in entry and side not in current:
                current[side] = entry[side]
        current["approver"] = current["approver"] or entry["approver"]
        current["channel"] = current["channel"] or entry["channel"]
        if entry["phrase"] not in current["phrases"]:
            current["phrases"].append(entry["phrase"])
    result = []
    for current in merged.values():
        assumed = ""
        if "below" not in current:
            # "no single trade may exceed 10%" or "over $5,000 needs approval": within the limit the
            # agent may act (its gate still classifies the tool).
            current["below"], assumed = "auto", "below"
        if "above" not in current:
            current["above"], assumed = "human", "above"
        result.append(Threshold(current["amount"], current["value"], current["below"], current["above"],
                                current["approver"], current["channel"], "; ".join(current["phrases"]), assumed))
    return tuple(result)
