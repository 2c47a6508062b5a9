/** An image a container can run. */
export interface IImage {
  /** The image ID (`sha256:...`), a token known after the image exists. */
  readonly imageId: string;
  /** The reference it goes by, `repository:tag` or `repository@sha256:...`. */
  readonly imageName: string;
}
