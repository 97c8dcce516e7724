package io.ferstream.ingest.camera;

/** A JPEG and its dimensions (those of the encoded image, after any resize). */
public record EncodedImage(byte[] jpeg, int width, int height) {}
