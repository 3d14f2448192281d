"""Inspections as records of their own: choosing the checklists, recording the answers,
opening one hazard per failed item, and what they add up to (a party's risk, a
campaign's counts). Plain Python over a session, like the engine: the web, the API,
the demo and the tests drive the same calls, and the caller owns the transaction."""
