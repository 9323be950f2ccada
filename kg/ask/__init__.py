"""Ask in Chinese: a question answered by a named query, or declined with what can be asked.

``kg ask``, the 总览 question box and the 问答 page call :func:`kg.ask.engine.ask` with the
vocabulary read from the graph (:func:`kg.ask.vocab.load`)."""

from kg.ask.engine import Answer, Declined, ask, understand
from kg.ask.vocab import Vocabulary, load

__all__ = ["Answer", "Declined", "Vocabulary", "ask", "load", "understand"]
