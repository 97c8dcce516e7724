package io.ferstream.scenes;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes one example of every kind of scene as PNG with its truth boxes outlined, for a person to
 * look at (never committed: the generator is the source).
 *
 * <pre>
 * java -cp ... io.ferstream.scenes.SceneGallery target/gallery
 * </pre>
 */
public final class SceneGallery {

    private SceneGallery() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/scene-gallery");
        Files.createDirectories(out);
        FixtureLibrary fixtures = FixtureLibrary.load();
        SceneGenerator generator = SceneGenerator.fullHd(fixtures);
        List<Scene> scenes = new ArrayList<>();
        for (int facePx : SceneGenerator.FACE_SIZES) {
            scenes.add(generator.faces(facePx, 8, 1));
        }
        for (Cutout group : fixtures.groups()) {
            scenes.add(generator.group(group, 64, 1));
        }
        List<Scene> moving = generator.moving(32, 8, 10, 1).frames();
        scenes.add(moving.get(0));
        scenes.add(moving.get(moving.size() - 1));
        scenes.add(new SceneGenerator(fixtures, 416, 416).faces(20, 8, 1));
        for (Scene scene : scenes) {
            Path file = out.resolve(scene.name().replaceAll("[^A-Za-z0-9._-]+", "_") + ".png");
            ImageIO.write(outlined(scene), "png", file.toFile());
            System.out.println(file + ": " + scene.faces().size() + " face(s)");
        }
    }

    private static BufferedImage outlined(Scene scene) {
        BufferedImage image = BufferedImages.of(scene.image());
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GREEN);
        g.setStroke(new BasicStroke(1));
        for (FaceBox face : scene.faces()) {
            g.draw(new Rectangle2D.Double(face.x(), face.y(), face.width(), face.height()));
        }
        g.dispose();
        return image;
    }
}
