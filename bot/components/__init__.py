"""Custom Rasa NLU graph components of Wegwijs."""
