package org.kvmworkbench.core.asm;

/**
 * One source line of a listing: where its bytes start in the image (offset from the image's first byte, so the
 * guest address is the load address plus this), the bytes it produced (empty for labels, comments, equ) and its text.
 */
public record ListingLine(int line, int offset, byte[] bytes, String source) {
    public boolean emitsCode() {
        return bytes.length > 0;
    }
}
