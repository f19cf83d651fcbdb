/** MIME types of the image formats readers show, by file extension (for `image`, which has no type field). */
const IMAGE_TYPES: Record<string, string> = {
  avif: "image/avif", gif: "image/gif", jpeg: "image/jpeg", jpg: "image/jpeg", png: "image/png", svg: "image/svg+xml", webp: "image/webp",
};

export function imageType(url: string): string | undefined {
  const extension = new URL(url).pathname.split(".").pop()?.toLowerCase() ?? "";
  return IMAGE_TYPES[extension];
}
