import { ImmutableImage, RegistryImage } from "docker-iac";
import { drawer } from "../drawer";

/**
 * An image built from a folder. Its tag is a content hash, drawn as a placeholder so the
 * picture changes with the stack's shape, not with every edit of the app's files.
 */
export const immutableImageDrawer = drawer(ImmutableImage, (image, { diagram, place }) => {
  const repository = image.imageName.slice(0, image.imageName.lastIndexOf(":"));
  diagram.node(image, image.node.path, {
    kind: "image",
    label: [`${repository}:(content hash)`, "built from its folder"],
    place,
  });
});

/**
 * An image pulled from a registry, by its pinned reference; a digest is drawn with its first
 * 12 hex digits, as `docker images` shortens ids (the stack still pins all of it).
 */
export const registryImageDrawer = drawer(RegistryImage, (image, { diagram, place }) => {
  const reference = image.imageName.replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, "@sha256:$1…");
  diagram.node(image, image.node.path, { kind: "image", label: [reference, "pulled"], place });
});
