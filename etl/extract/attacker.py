"""Who attacks in a sentence: RU (Russia attacking Ukraine) or UA (Ukraine attacking Russia)."""

from __future__ import annotations

from etl.extract.clauses import clause_map
from etl.extract.view import UnitView
from etl.model import DEFENSIVE

__all__ = ["unit_attacker"]

OTHER = {"RU": "UA", "UA": "RU"}


def unit_attacker(view: UnitView, foreign_places: int = 0, attacked_abroad: bool = False) -> str | None:
    """The attacker a sentence's cues point to, or None when they do not decide.

    Votes: the first actor named (its side, or the other side when it is the subject of a
    shooting-down verb: "Ukrainian forces shot down ..."), a named defender ("Russian air
    defences" -> UA), a target ("at Ukraine" -> RU), and Russian places named in a sentence
    about shooting down (drones downed over Bryansk are Ukrainian).
    """
    score = {"RU": 0, "UA": 0}
    actor_seen = False
    start = view.dateline_end()
    for m in view.matches:
        if m.start < start:
            continue
        if m.has("atk_actor") and _in_speaker_clause(view, m) and _speaker_again(view, m.end) is None:
            continue  # "Як повідомив Головнокомандувач ЗСУ Валерій Залужний, ...": who speaks, not who acts
        if m.has("atk_weapon") and m.end < len(view.words) and view.words[m.end] in view.lang.data["text"]["attempts"]:
            for side in m.values("atk_weapon"):
                score[side] += 3  # "Ukraine's attempt to carry out an attack on Crimea": whose attempt it was
            continue
        if m.has("atk_actor") and (_launch_agent(view, m) or _attempt_agent(view, m)):
            for side in m.values("atk_actor"):
                score[side] += 3  # "58 of 59 drones launched by Russia": whoever the subject is
            continue
        for side in m.values("atk_defense"):
            score[side] += 2
        for side in m.values("atk_target"):
            score[side] += 1
        if not actor_seen and m.has("atk_actor") and _after_launch_verb(view, m.start):
            actor_seen = True  # "... cruise missiles targeted Ukraine overnight": the object attacked
            for side in m.values("atk_actor"):
                score[OTHER[side]] += 2
            continue
        if not actor_seen and m.has("atk_actor") and _after_stopping_verb(view, m.start):
            actor_seen = True  # "Dem Ministerium zufolge schossen die russischen Streitkräfte 40 Drohnen ab"
            for side in m.values("atk_actor"):
                score[OTHER[side]] += 2
            continue
        if not actor_seen and m.has("atk_actor") and _passive_agent(view, m.start):
            actor_seen = True  # "were knocked down by Ukrainian forces": the defender (decision 10)
            for side in m.values("atk_actor"):
                score[OTHER[side]] += 2
            continue
        if not actor_seen and m.has("atk_actor") and _reports_another(view, m):
            continue  # "Ukraine says Russia launched 67 drones": the speaker; the actor is the one it names
        if not actor_seen and m.has("atk_actor") and _is_subject(view, m, start):
            actor_seen = True
            defends = _followed_by_defence(view, m.end)
            for side in m.values("atk_actor"):
                score[OTHER[side] if defends else side] += 2
    if _foreign_official(view):
        score["UA"] += 2  # "the governor of the Leningrad region said", "der Gouverneur des Leningrader Gebiets": Russia's
    # "mit", "with", "released" say a launch only right before a number ("teilte der Bürgermeister mit" does not)
    # nor do nouns of events ("faced shelling attacks"): they launch nothing over the place named
    measures = [v for m in view.matches for v in m.values("measure")
                if (not m.has("adjacent") or view.number_at(m.end) is not None) and not m.has("noncount")]
    if foreign_places and any(v in DEFENSIVE for v in measures) and "launched" not in measures:
        # "downed over Bryansk" (but "launched from bombers over Volgograd" is a launch area); "destroyed as it
        # approached Moscow" says more (over_foreign_place)
        score["UA"] += foreign_places
    if attacked_abroad and "launched" in measures:
        score["UA"] += 2  # "144 дрони вдарили по московській області": what was attacked is in Russia
    if score["RU"] == score["UA"]:
        return None
    return "RU" if score["RU"] > score["UA"] else "UA"


def _is_subject(view: UnitView, m, start: int) -> bool:
    """An actor that can be the subject: early in the sentence, right after an auxiliary ("Mit 60 Drohnen
    hat Russland ... angegriffen") or next to a predicate ("Russia fired", "griff Russland ... an"), not
    "in central Ukraine" at its end."""
    if _after_preposition(view, m.start):
        return False  # "across western Ukraine", "по Україні"
    if _topic_label(view, m.end):
        return False  # a headline's topic: "Ukraine: 19 von 24 Drohnen unschädlich gemacht", "Ukraine news – live:"
    if m.start - start < 8:
        return True
    before = view.match_covering(m.start - 1)
    if before is not None and before.end == m.start and before.has("aux"):
        return True
    return any(abs(c.start - m.end) <= 3 or abs(m.start - c.end) <= 3 for c in view.tagged("measure"))


LABEL_REACH = 4  # words of a topic label between an actor and its colon ("Ukraine news – live:")


def _topic_label(view: UnitView, k: int) -> bool:
    """True when a colon closes the words right after an actor, none of them a verb of the lexicon: the actor names
    the topic of a headline or a section, not who acted."""
    for j in range(k, min(k + LABEL_REACH + 1, len(view.tokens))):
        if view.tokens[j].norm == ":":
            return True
        m = view.match_covering(j)
        if view.tokens[j].norm in (",", ".", ";") or m is not None and (m.has("measure") or m.has("speech")):
            return False
    return False


SPEECH_REACH = 3  # tokens after a speech verb in which the reported clause names its own actor
SPEAKER_REACH = 6  # words of a title and a name between an actor and its speech verb ("Ukraine Air Force Commander
# Mykola Oleshchuk said")


def _reports_another(view: UnitView, m) -> bool:
    """True when the actor m is the speaker of a speech verb whose reported clause names another actor ("Ukraine
    says Russia launched", "Kiew meldet, Russland habe ...", "Україна заявляє, що Росія", "Ukraine Air Force
    Commander Mykola Oleshchuk said on Telegram early on Wednesday that Russia also launched ...")."""
    speech = view.match_at(m.end)
    if speech is not None and speech.has("speech"):
        return any(view.match_at(k) is not None and view.match_at(k).has("atk_actor")
                   for k in range(speech.end, speech.end + SPEECH_REACH + 1))
    speech = _speech_after_speaker(view, m.end)
    return speech is not None and any(
        o.start >= speech.end and o.has("atk_actor") and not _after_preposition(view, o.start)
        for o in view.matches)


def _speech_after_speaker(view: UnitView, k: int):
    """The speech verb that ends the speaker's title and name starting at token k, if one does."""
    for j in range(k, min(k + SPEAKER_REACH + 1, len(view.tokens))):
        if view.tokens[j].kind == "punct":
            return None
        found = view.match_at(j)
        if found is not None and found.has("speech"):
            return found
        if found is not None and (found.has("measure") or found.has("atk_actor")):
            return None
    return None


def _passive_agent(view: UnitView, i: int) -> bool:
    """True when the actor at token i is the agent of a stopping verb in the passive: "were knocked down by
    Ukrainian forces", "seien von der ukrainischen Armee abgeschossen worden"."""
    k = _agent_word_before(view, i)
    if k is None:
        return False
    actor = view.match_at(i)
    near = [view.match_covering(k - 1)] + [view.match_at(j) for j in range(actor.end, actor.end + 2)]
    return any(m is not None and any(v in DEFENSIVE for v in m.values("measure")) for m in near)


def _after_launch_verb(view: UnitView, i: int) -> bool:
    """True when the actor at token i is the object right after a verb of attacking ("targeted Ukraine", "attacked
    Ukraine"): in a language that puts the subject before its verb (the lexicon's text.target_verbs; none in German
    and Ukrainian, where "attackierte Russland" and "атакувала Росія" have the subject after the verb)."""
    return i > 0 and view.words[i - 1] in view.lang.data["text"].get("target_verbs", ())


def _after_stopping_verb(view: UnitView, i: int) -> bool:
    """True when the actor at token i follows a shooting-down verb or a verb that sees a launch, an article at
    most between: the subject after its verb ("schossen die russischen Streitkräfte 40 Drohnen ab", "збили
    російські військові 40 дронів", "registrierte die Ukraine die Rekordzahl von 54 Drohnen")."""
    k = i - 1
    if k > 0 and view.words[k] in view.lang.data["text"].get("articles", []):
        k -= 1
    if k >= 0 and view.words[k] in (view.lang.data["text"].get("observing") or []):
        return True
    verb = view.match_covering(k) if k >= 0 else None
    return verb is not None and verb.end == k + 1 and any(v in DEFENSIVE for v in verb.values("measure"))


def _in_speaker_clause(view: UnitView, actor) -> bool:
    """True when the actor stands in a clause that a speech verb or an attribution opens and no measure word is in:
    the speaker or the source ("Як повідомив Головнокомандувач ЗСУ ...,", "As Ukraine's army chief said,", "Wie der
    Chef der ukrainischen Armee mitteilte,", "За даними Генштабу ЗСУ,", "According to Ukraine's General Staff,")."""
    clauses = clause_map(view)
    lo, hi = clauses.bounds(actor.start)
    return hi < len(view.tokens) and clauses.speaker(lo, hi)


def _agent_word_before(view: UnitView, i: int) -> int | None:
    """The token of a passive's agent word ("by", "von", "durch") right before the actor at token i, an article
    at most between ("von der ukrainischen Armee"); None when there is none."""
    k = i - 1
    if k > 0 and view.words[k] in view.lang.data["text"].get("articles", []):
        k -= 1
    if k < 1 or view.words[k] not in (view.lang.data["text"].get("agents") or []):
        return None
    return k


def _launch_agent(view: UnitView, actor) -> bool:
    """True when the actor is the agent of a launching verb: "drones launched by Russia", "die von Russland
    abgefeuerten Raketen"."""
    k = _agent_word_before(view, actor.start)
    if k is None:
        return False
    before, after = view.match_covering(k - 1), view.match_at(actor.end)
    return any(v is not None and "launched" in v.values("measure") for v in (before, after))


def _attempt_agent(view: UnitView, actor) -> bool:
    """True when the actor is whose attempt it was: "an attempt by Ukrainian forces to attack Crimea", "den Versuch
    ukrainischer Streitkräfte, ... zu attackieren", "спробу українських військ атакувати" (an agent word or an
    article may stand between)."""
    k = _agent_word_before(view, actor.start)
    k = actor.start if k is None else k
    k -= 1
    if k >= 0 and view.words[k] in view.lang.data["text"].get("articles", []) and k + 1 == actor.start:
        k -= 1
    return k >= 0 and view.words[k] in view.lang.data["text"]["attempts"]


def _after_preposition(view: UnitView, i: int) -> bool:
    """True when a preposition stands before token i, one adjective at most between ("across western")."""
    prepositions = view.lang.data["text"]["prepositions"]  # single words, looked up only here
    for k in (i - 1, i - 2):
        if k < 0 or view.tokens[k].kind != "word":
            return False
        if view.words[k] in prepositions:
            return True
        if view.match_covering(k) is not None:
            return False
    return False


SUBJECT_REACH = 6  # words and phrases between a subject and its verb's object ("meldeten am Sonntag den Abschuss")


def _speaker_again(view: UnitView, k: int) -> int | None:
    """After an actor at k: its speech verb, then a pronoun for it opening the reported clause ("Die Russen
    behaupten, sie hätten ...", "Russia says they downed ...", "Росіяни заявили, що вони збили"): the token after the
    pronoun; else None."""
    speech = None
    for j in range(k, min(k + ASIDE_REACH + 1, len(view.tokens))):  # "Ukraine, meanwhile, said ..."
        speech = view.match_at(j)
        if speech is not None or not _aside(view, j):
            break
    if speech is None or not speech.has("speech"):
        return None
    j = speech.end
    while j < min(speech.end + 2, len(view.tokens)) and (view.tokens[j].norm == "," or _particle(view, j)):
        j += 1  # "teilte mit, ihre Luftabwehr habe ..."
    text = view.lang.data["text"]
    after = view.phrase_at(j, text.get("reported_subject", ()))
    if after is None and j < len(view.tokens) and view.words[j] in text["dropped_subject"]:
        verb = view.match_at(j + 1)  # "окупанти стверджують, що знищили понад 140 БПЛА": the subject left out
        after = j + 1 if verb is not None and verb.has("measure") else None
    return after


ASIDE_REACH = 4  # tokens of an aside between a speaker and its speech verb (", meanwhile,", ", тим часом,")


def _aside(view: UnitView, j: int) -> bool:
    """True for a comma or a lone word no phrase claims, inside an aside (", meanwhile,", ", indes,")."""
    tok = view.tokens[j]
    return tok.norm == "," or (tok.kind == "word" and view.match_covering(j) is None)


def _particle(view: UnitView, j: int) -> bool:
    """True for a verb's separated particle after a speech verb ("teilte ... mit"): a short word said only next to a
    number elsewhere."""
    m = view.match_at(j)
    return m is not None and m.end == j + 1 and m.has("adjacent") and len(view.tokens[j].norm) <= 3


def _followed_by_defence(view: UnitView, k: int) -> bool:
    """True when an actor is the subject of a shooting-down verb (within a few words), or of a verb that sees a
    launch ("Ukraine has detected 57,000 drones", "Die Ukraine hat 50 Drohnen registriert", "Україна зафіксувала")."""
    k = _speaker_again(view, k) or k
    for _ in range(SUBJECT_REACH):
        m = view.match_at(k)
        if m is None:
            if k < len(view.tokens) and view.tokens[k].kind == "word":
                k += 1
                continue
            return False
        if m.has("aux"):
            return _verb_final_defends(view, m.end)
        if m.has("measure"):
            return _defends(view, m)
        k = m.end
    return False


def _defends(view: UnitView, m) -> bool:
    """True when the measure word m stops weapons, or sees them come ("detected", "registriert")."""
    observing = view.lang.data["text"].get("observing") or []
    return any(v in DEFENSIVE for v in m.values("measure")) or " ".join(view.words[m.start:m.end]) in observing


def _verb_final_defends(view: UnitView, k: int) -> bool:
    """After an auxiliary, the first measure word of the clause decides: "Die Ukraine hat 24 von 28 Drohnen
    abgeschossen", "Ukraine has since shot down", "Україна вже збила"."""
    hi = clause_map(view).bounds(k)[1]
    first = next((m for m in view.matches if k <= m.start < hi and m.has("measure") and not _attribute(view, m)), None)
    return first is not None and _defends(view, first)


def _attribute(view: UnitView, m) -> bool:
    """True for a participle that describes the weapons right after it, no verb ("50 von 72 aus Russland gestartete
    Drohnen unschädlich gemacht"): a weapon word follows, a side's adjective between at most."""
    k = m.end
    side = view.match_at(k)
    if side is not None and side.has("atk_weapon") and not (side.has("class") or side.has("type") or side.has("model")):
        k = side.end
    nxt = view.match_at(k)
    return nxt is not None and (nxt.has("class") or nxt.has("type") or nxt.has("model"))


OFFICE_REACH = 4  # tokens between a regional official's title and the region it names ("governor of the Kursk region")


def _foreign_official(view: UnitView) -> bool:
    """True when a regional official of a place abroad speaks in the sentence ("the governor of the Bryansk region",
    "der Gouverneur des Leningrader Gebiets", "губернатор Бєлгородської області"): the defender is that country's."""
    officials = view.tagged("regional_official")
    if not officials:
        return False
    abroad = [m for m in view.place_matches() if m.has("foreign") and not m.has("country")]
    return any(0 <= p.start - o.end <= OFFICE_REACH for o in officials for p in abroad)
