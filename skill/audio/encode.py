"""What Alexa accepts, made without ffmpeg and checked after writing: MP3, MPEG version 2, layer
III, 48 kbps, 24000 Hz, mono. gTTS gives 32 kbps and espeak-ng gives WAV, so every file is
decoded (miniaudio) and encoded again (lameenc)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE = 24000
BIT_RATE_KBPS = 48
CHANNELS = 1
MPEG_VERSION = 2


class BadAudio(Exception):
    """Audio that cannot be decoded, or a file that is not what Alexa accepts."""


@dataclass(frozen=True)
class AudioInfo:
    duration_s: float
    bytes: int


def to_alexa_mp3(audio: bytes) -> bytes:
    import lameenc
    import miniaudio

    try:
        decoded = miniaudio.decode(bytes(audio), output_format=miniaudio.SampleFormat.SIGNED16,
                                   nchannels=CHANNELS, sample_rate=SAMPLE_RATE)
    except miniaudio.DecodeError as error:
        raise BadAudio("the audio could not be decoded") from error
    if decoded.num_frames == 0:
        raise BadAudio("the audio is empty")
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE_KBPS)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    # Always set: without it LAME picks its own output rate (MPEG-1 at 32 kHz for 44.1 kHz in).
    encoder.set_out_sample_rate(SAMPLE_RATE)
    encoder.set_channels(CHANNELS)
    encoder.set_quality(2)
    return bytes(encoder.encode(decoded.samples.tobytes()) + encoder.flush())


def check_alexa_mp3(path: Path) -> AudioInfo:
    """The file's duration and size, or BadAudio saying what is wrong with it."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        info = MP3(path).info
    except MutagenError as error:
        raise BadAudio(f"{path.name} is not an MP3 file") from error
    found = (info.version, info.layer, info.sample_rate, info.bitrate, info.channels)
    wanted = (MPEG_VERSION, 3, SAMPLE_RATE, BIT_RATE_KBPS * 1000, CHANNELS)
    if found != wanted or info.length <= 0:
        raise BadAudio(f"{path.name} is MPEG {info.version} layer {info.layer}, "
                       f"{info.sample_rate} Hz, {info.bitrate} bps, {info.channels} channel(s); "
                       "Alexa needs MPEG 2 layer 3, 24000 Hz, 48000 bps, mono")
    return AudioInfo(round(info.length, 2), path.stat().st_size)


def write_checked(path: Path, mp3: bytes) -> AudioInfo:
    """Writes the file whole or not at all: to a temporary file beside it, checked, then
    renamed over the old one. A failed check leaves the old file (or none) in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            out.write(mp3)
            out.flush()
            os.fsync(out.fileno())
        info = check_alexa_mp3(temporary)
        os.replace(temporary, path)
        return info
    finally:
        temporary.unlink(missing_ok=True)
