package io.ferstream.inference.image;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;

import io.ferstream.image.ImageHeader;
import io.ferstream.image.ImageLimits;
import io.ferstream.image.ImageRejectedException;
import io.ferstream.schema.RejectReason;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns JPEG/PNG bytes into an {@link RgbImage}, safely: the header is read first ({@link
 * ImageHeader}, the parser the gate uses too) and images over the {@link ImageLimits} are refused
 * before any pixel memory is allocated (decompression bombs); truncated or corrupt bytes give an
 * {@link ImageRejectedException}, never a crash or a half-grey image.
 *
 * <p>Fast path: OpenCV {@code imdecode} (libjpeg-turbo, asked for RGB, so no conversion pass);
 * fallback: ImageIO, used when OpenCV's natives cannot load or OpenCV cannot read the bytes. EXIF
 * orientation is ignored on purpose: the detector sees the pixels as stored, like face-api's
 * reference decoder, and the width and height stay those the header (and the frame record) declare.
 * Thread-safe and stateless.
 */
public final class ImageDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(ImageDecoder.class);

    private final ImageDecoderConfig config;
    private final boolean openCv;

    public ImageDecoder(ImageDecoderConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.openCv = config.useOpenCv() && OpenCv.AVAILABLE;
    }

    public ImageDecoder() {
        this(ImageDecoderConfig.defaults());
    }

    /** True when the OpenCV fast path is in use. */
    public boolean usesOpenCv() {
        return openCv;
    }

    /**
     * The largest DCT scale an image with this header may be decoded at: the configured one for
     * JPEG on the OpenCV path, 1 otherwise (PNG has no DCT, so a reduced read would decode every
     * pixel and then resize).
     */
    public int maxDownscale(ImageHeader header) {
        return openCv && header.format() == ImageHeader.Format.JPEG ? config.maxDownscale() : 1;
    }

    /** Decodes after checking the header and the limits. */
    public RgbImage decode(byte[] bytes) throws ImageRejectedException {
        return decode(bytes, checkedHeader(bytes));
    }

    /** Reads the header and checks the image against the limits, before any pixel is decoded. */
    public ImageHeader checkedHeader(byte[] bytes) throws ImageRejectedException {
        config.limits().checkBytes(bytes == null ? 0 : bytes.length);
        ImageHeader header = ImageHeader.read(bytes);
        config.limits().checkSize(header);
        return header;
    }

    /**
     * Decodes an image whose {@code header} was read and checked already (the per-frame path reads
     * it once, in {@link io.ferstream.image.FrameImages#check}).
     */
    public RgbImage decode(byte[] bytes, ImageHeader header) throws ImageRejectedException {
        return decode(bytes, header, 1);
    }

    /**
     * As {@link #decode(byte[], ImageHeader)}, at 1/{@code scale} of the size on each side: above
     * 1, a JPEG through libjpeg-turbo's DCT scaling ({@link #maxDownscale} says which scales are
     * open to an image).
     */
    public RgbImage decode(byte[] bytes, ImageHeader header, int scale)
            throws ImageRejectedException {
        if (!DecodeScales.valid(scale) || scale > maxDownscale(header)) {
            throw new IllegalArgumentException(
                    "scale " + scale + " is not one of 1 to " + maxDownscale(header) + " here");
        }
        RgbImage image = null;
        if (openCv) {
            image = decodeWithOpenCv(bytes, FLAGS_BY_SCALE[Integer.numberOfTrailingZeros(scale)]);
        }
        if (image == null && scale == 1) {
            image = decodeWithImageIo(bytes);
        }
        if (image == null) {
            throw new ImageRejectedException(
                    RejectReason.BAD_IMAGE, "image data is corrupt: no reduced JPEG decode");
        }
        int width = DecodeScales.reduced(header.width(), scale);
        int height = DecodeScales.reduced(header.height(), scale);
        if (image.width() != width || image.height() != height) {
            throw new ImageRejectedException(
                    RejectReason.BAD_IMAGE,
                    "decoded "
                            + image.width()
                            + "x"
                            + image.height()
                            + (scale == 1 ? "" : " at 1/" + scale)
                            + " but the header declares "
                            + header.width()
                            + "x"
                            + header.height());
        }
        return image;
    }

    /**
     * imdecode's flags per scale 1, 2, 4, 8 (by the scale's power of two): the reduced-colour flags
     * carry IMREAD_COLOR (BGR), which OpenCV refuses together with IMREAD_COLOR_RGB, so it is taken
     * out.
     */
    private static final int[] FLAGS_BY_SCALE = {
        IMREAD_COLOR_RGB,
        (IMREAD_REDUCED_COLOR_2 & ~IMREAD_COLOR) | IMREAD_COLOR_RGB,
        (IMREAD_REDUCED_COLOR_4 & ~IMREAD_COLOR) | IMREAD_COLOR_RGB,
        (IMREAD_REDUCED_COLOR_8 & ~IMREAD_COLOR) | IMREAD_COLOR_RGB
    };

    private static RgbImage decodeWithOpenCv(byte[] bytes, int flags) {
        try (BytePointer data = new BytePointer(bytes);
                Mat encoded = new Mat(1, bytes.length, opencv_core.CV_8UC1, data);
                Mat rgb = opencv_imgcodecs.imdecode(encoded, flags | IMREAD_IGNORE_ORIENTATION)) {
            if (rgb == null
                    || rgb.empty()
                    || rgb.channels() != 3
                    || rgb.depth() != opencv_core.CV_8U
                    || !rgb.isContinuous()) {
                return null; // let ImageIO try, it reports the reason
            }
            byte[] pixels = new byte[rgb.cols() * rgb.rows() * 3];
            rgb.data().get(pixels);
            return new RgbImage(rgb.cols(), rgb.rows(), pixels);
        } catch (RuntimeException e) {
            // bytedeco turns cv::Exception into RuntimeException
            return null;
        }
    }

    private static RgbImage decodeWithImageIo(byte[] bytes) throws ImageRejectedException {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(
                    RejectReason.BAD_IMAGE, "image data is corrupt: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new ImageRejectedException(
                    RejectReason.BAD_IMAGE, "no decoder could read the image");
        }
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] rgb = new byte[width * height * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
        } else {
            int[] row = new int[width];
            for (int y = 0, o = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++, o += 3) {
                    int p = row[x];
                    rgb[o] = (byte) (p >> 16);
                    rgb[o + 1] = (byte) (p >> 8);
                    rgb[o + 2] = (byte) p;
                }
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /** Loads OpenCV's natives once; a JVM without them decodes with ImageIO and says so once. */
    private static final class OpenCv {
        static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                org.bytedeco.javacpp.Loader.load(opencv_imgcodecs.class);
                return true;
            } catch (
                    Throwable
                            e) { // UnsatisfiedLinkError, NoClassDefFoundError: natives missing for
                // this platform
                LOG.warn(
                        "OpenCV natives unavailable ({}); decoding images with ImageIO, about 8x"
                                + " slower",
                        e.toString());
                return false;
            }
        }
    }
}
