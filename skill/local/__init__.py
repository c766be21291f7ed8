"""The local conversation (`python -m skill chat`): a stand-in for Alexa's understanding and
request envelopes as an Echo sends them. Never imported by the Lambda entry or the skill core."""
