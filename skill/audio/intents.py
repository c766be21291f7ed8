"""Which intents the audio player may answer: a module of its own, so the router can tell a
turn that is not the player's without importing the player (a cold start does not pay for it)."""

# Requests the player answers whatever else is going on.
ALWAYS = frozenset({"PlayAudioIntent", "ResumeAudioIntent", "AMAZON.PauseIntent",
                    "AMAZON.ResumeIntent", "AMAZON.LoopOnIntent", "AMAZON.LoopOffIntent",
                    "AMAZON.ShuffleOnIntent", "AMAZON.ShuffleOffIntent"})
# Intents that mean something else in a conversation ("next" topic, "start over" = home,
# "stop" = goodbye): the player's only when its audio is playing or was the last thing heard
# and no conversation is open.
WHEN_AUDIO = frozenset({"AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.StartOverIntent",
                        "AMAZON.CancelIntent", "AMAZON.StopIntent"})
PLAYER_INTENTS = ALWAYS | WHEN_AUDIO
