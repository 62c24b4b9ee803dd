/** Tags that declare intent (a public subnet, an internet-facing load balancer), written as `key=value` in config. */

/** Whether `tags` hold the tag `keyValue` (`key=value`; the value may be empty). */
export function hasTag(tags: Readonly<Record<string, string>> | undefined, keyValue: string): boolean {
    const separator = keyValue.indexOf("=");
    return separator > 0 && tags?.[keyValue.slice(0, separator)] === keyValue.slice(separator + 1);
}
