import sys
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
if str(BOT) not in sys.path:
    sys.path.insert(0, str(BOT))  # as the action server and Rasa see it: bot/ is the root
