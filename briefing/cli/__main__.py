from briefing.cli import console

console()
