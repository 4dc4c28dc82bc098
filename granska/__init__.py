"""Granska: audit questions, observations, assessments and the Word report."""

__version__ = "0.1.0"
