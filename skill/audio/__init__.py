"""The answers as a narrated audio series: built from the content (`python -m skill audio build`),
served as files and a podcast feed, and played by Alexa's AudioPlayer.

One module per concern: `script` (the parts, from the content), `engines` (gTTS, espeak-ng),
`encode` (re-encoding and checking for Alexa), `manifest` (what was built), `build` (the build
itself), `feed` (the podcast RSS), `routes` (the self-hosted server's files and feed), and
`player` (AudioPlayer decisions as plain functions).
"""
from pathlib import Path

# Where the build writes and the server reads, unless told otherwise: <repo>/audio.
DEFAULT_AUDIO_DIR = Path(__file__).resolve().parents[2] / "audio"
