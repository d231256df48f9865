// WAV encoding of audio, as tf.audio.encode_wav writes it (tensorflow/core/lib/wav/wav_io.cc
// EncodeAudioAsS16LEWav): 16-bit little-endian PCM, the canonical 44-byte header
//   "RIFF" | uint32 36 + data bytes | "WAVE" | "fmt " | uint32 16 | uint16 1 (PCM) | uint16 channels
//   | uint32 sample rate | uint32 bytes a second | uint16 bytes a frame | uint16 16 | "data" | uint32 data bytes
// then the frames, each sample round(x · 2^15) clamped to [-32768, 32767] (x a float32).

/**
 * @internal The WAV bytes of `frames` × `channels` float samples (interleaved: frame by frame),
 * at `sampleRate` frames a second.
 */
export function encodeWav(samples: ArrayLike<number>, channels: number, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    // roundf of the float32 product (half away from zero), then clamped.
    const scaled = Math.fround(Math.fround(samples[i]!) * 32768);
    const rounded = Math.sign(scaled) * Math.round(Math.abs(scaled));
    view.setInt16(44 + i * 2, Math.min(32767, Math.max(-32768, Number.isNaN(rounded) ? 0 : rounded)), true);
  }
  return out;
}
