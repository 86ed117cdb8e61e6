"""Spelling for a clerk who is typing: a paragraph is answered within a time budget, whatever its new words.

Most words of a re-sent paragraph were judged before and answer at once. A new word — above all a typo,
which the speller tries to explain by morphology, compounds and one-typo neighbours — can take from a
millisecond to seconds. Here every new word is judged (and, when misspelled, given its suggestions) by one
background worker — a thread, or for the HTTP service a process of its own; a request waits for its new words at most ``budget`` seconds, and a word not judged by
then is left out of this answer, which says so (LanguageTool's ``incompleteResults``). The judgement goes on
and is remembered: the editor's next request for the paragraph gets it. Nothing is lost, no one waits long.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from validators.proofing.speller import Misspelling, get_speller, sentence_initial, words
from validators.proofing.suggest import get_suggester

Key = tuple[str, str, bool]  # word, language, opens a sentence
Judgement = tuple[bool, tuple[str, ...]]  # correct?, suggestions


@dataclass(frozen=True)
class TypedCheck:
    misspellings: list[tuple[Misspelling, tuple[str, ...]]]  # with their suggestions
    complete: bool  # every word judged within the budget


def judge_word(key: Key) -> Judgement:
    """Is the word right, and if not, its suggestions (runs in the judge's thread or process)."""
    word, lang, initial = key
    if get_speller().is_correct(word, lang, initial):
        return True, ()
    return False, get_suggester().suggest(word, lang)


def one_thread() -> Executor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="qujat-words")


class WordJudge:
    """Remembered judgements of words, made by one background worker (a thread, or a process that the service
    gives through ``executor_factory``, so slow judging never competes for this process's interpreter), and
    waited for within a budget."""

    def __init__(self, executor_factory: Callable[[], Executor] = one_thread, memory: int = 200_000,
                 max_waiting: int = 2_000) -> None:
        self.memory = memory
        self.max_waiting = max_waiting
        self._factory = executor_factory
        self._pool: Executor | None = None
        self._known: OrderedDict[Key, Judgement] = OrderedDict()
        self._running: dict[Key, Future[Judgement]] = {}
        self._lock = threading.RLock()  # a done callback may run at once, inside check()

    @property
    def pool(self) -> Executor:
        if self._pool is None:
            self._pool = self._factory()
        return self._pool

    def close(self) -> None:
        """End the worker (a later check starts another)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _submit(self, key: Key) -> Future[Judgement]:
        try:
            future = self.pool.submit(judge_word, key)
        except (BrokenExecutor, RuntimeError):  # the worker died (killed, out of memory): start another
            self._pool = self._factory()
            future = self._pool.submit(judge_word, key)
        future.add_done_callback(lambda done: self._remember(key, done))
        return future

    def _remember(self, key: Key, future: Future[Judgement]) -> None:
        with self._lock:
            self._running.pop(key, None)
            if future.cancelled() or future.exception() is not None:
                return
            self._known[key] = future.result()
            while len(self._known) > self.memory:
                self._known.popitem(last=False)

    def check(self, text: str, lang: str, budget: float | None) -> TypedCheck:
        """Misspellings of ``text`` with suggestions; ``budget`` seconds at most for new words (None: no limit)."""
        deadline = None if budget is None else time.monotonic() + budget
        found: list[tuple[Misspelling, Key]] = []
        waiting: dict[Key, Future[Judgement]] = {}
        judged: dict[Key, Judgement] = {}
        complete = True
        with self._lock:
            for word, start, end in words(text):
                key = (word, lang, word[0].isupper() and sentence_initial(text, start))
                found.append((Misspelling(word, start, end), key))
                if key in judged or key in waiting:
                    continue
                known = self._known.get(key)
                if known is not None:
                    self._known.move_to_end(key)
                    judged[key] = known
                elif key in self._running:
                    waiting[key] = self._running[key]
                elif len(self._running) < self.max_waiting:
                    waiting[key] = self._running[key] = self._submit(key)
                else:
                    complete = False  # too much is being judged: this word waits for a later request
        if waiting:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            wait(list(waiting.values()), timeout=timeout)
            for key, future in waiting.items():
                if future.done() and future.exception() is None:
                    judged[key] = future.result()
                else:
                    complete = False
        out = [(miss, judged[key][1]) for miss, key in found if key in judged and not judged[key][0]]
        return TypedCheck(out, complete)


@functools.cache
def get_word_judge() -> WordJudge:
    """The process-wide judge (its memory is shared by every request of the process)."""
    return WordJudge()
