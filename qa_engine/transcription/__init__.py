"""Transcription: recording in, ``models.interchange.Transcript`` out (see docs/transcription.md).

``decode_audio`` -> ``transcribe_audio`` (or ``transcribe_file``); ``get_backend`` loads a Whisper backend
once per process; ``resolve_model`` finds and checks the offline weights.
"""

from qa_engine.transcription.audio import AudioDecodeError, DecodedAudio, channels_identical, decode_audio
from qa_engine.transcription.transcribe import transcribe_audio, transcribe_file

__all__ = [
    "AudioDecodeError", "DecodedAudio", "channels_identical", "decode_audio", "transcribe_audio", "transcribe_file",
]
