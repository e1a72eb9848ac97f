"""Wegwijs custom actions (rasa_sdk). The action server imports this package."""
