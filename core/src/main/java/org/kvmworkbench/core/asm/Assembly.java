package org.kvmworkbench.core.asm;

import java.util.List;

/** An assembled guest: the flat image, its listing, and which assembler made it. */
public record Assembly(byte[] image, List<ListingLine> listing, String assembler) {
    public Assembly {
        listing = List.copyOf(listing);
    }
}
