package org.kvmworkbench.core.asm;

import java.util.List;

/** An assembled guest: the flat image, its listing, and which assembler made it. */
public record Assembly(byte[] image, List<ListingLine> listing, String assembler) {
    public Assembly {
        listing = List.copyOf(listing);
    }

    /** The listing line whose bytes cover {@code offset} into the image, or null (data past the end, padding). */
    public ListingLine lineAt(long offset) {
        for (ListingLine l : listing) {
            if (l.emitsCode() && offset >= l.offset() && offset < (long) l.offset() + l.bytes().length) return l;
        }
        return null;
    }
}
