package org.kvmworkbench.core.i18n;

import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The errno values a failing system call of the workbench can return (opening /dev/kvm, its ioctls, mmap, eventfd,
 * tracefs, reading and writing files), each with glibc's {@code strerror} text as its English words (Errno.properties)
 * and a translation beside it. The name stays in every language: "EACCES (Permission denied)", "EACCES：权限不足".
 * <p>Numbers: x86-64 Linux, /usr/include/asm-generic/errno-base.h (1-34) and asm-generic/errno.h (35 and up);
 * the English texts are glibc's (string/_strerror.c, sysdeps/gnu/errlist.h), checked against the C library's own
 * strerror by kvm-native's ErrnoMatchesLibcTest.
 */
public enum Errno {
    EPERM(1), ENOENT(2), ESRCH(3), EINTR(4), EIO(5), ENXIO(6), E2BIG(7), ENOEXEC(8), EBADF(9), EAGAIN(11), ENOMEM(12),
    EACCES(13), EFAULT(14), EBUSY(16), EEXIST(17), EXDEV(18), ENODEV(19), ENOTDIR(20), EISDIR(21), EINVAL(22),
    ENFILE(23), EMFILE(24), ENOTTY(25), ETXTBSY(26), EFBIG(27), ENOSPC(28), ESPIPE(29), EROFS(30), EMLINK(31),
    EPIPE(32), ERANGE(34),
    EDEADLK(35), ENAMETOOLONG(36), ENOSYS(38), ENOTEMPTY(39), ELOOP(40), EOVERFLOW(75), EOPNOTSUPP(95),
    ETIMEDOUT(110), EDQUOT(122);

    static final Messages WORDS = Messages.of(Errno.class);
    private static final Errno[] BY_NUMBER = new Errno[128];
    /** Longest English text first, so "Too many open files in system" is not taken for "Too many open files". */
    private static final Errno[] LONGEST_FIRST;

    static {
        for (Errno e : values()) BY_NUMBER[e.number] = e;
        LONGEST_FIRST = values().clone();
        Arrays.sort(LONGEST_FIRST, Comparator.comparingInt((Errno e) -> e.english().length()).reversed());
    }

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The errno with this number, or null if the table does not name it. */
    public static Errno of(int number) {
        return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    /** glibc's strerror text for it ("Permission denied"). */
    public String english() {
        return WORDS.english(name());
    }

    /** "EACCES (Permission denied)", said when shown: in English, or in the current language of {@link Messages}. */
    public Phrase phrase() {
        return WORDS.phrase("named", name(), WORDS.phrase(name()));
    }

    /**
     * A system's message (an exception's, a probe's diagnostic) with every errno text in it said in the current
     * language of {@link Messages}: "open /dev/kvm: EACCES (Permission denied)" and a bare "/x: Permission denied"
     * both become "... EACCES：权限不足". Anything else in the text stays as it is; in English the text is unchanged.
     */
    public static String inCurrentLanguage(String text) {
        if (text == null || text.isEmpty() || Messages.locale().equals(java.util.Locale.ROOT)) return text;
        String out = text;
        for (Errno e : LONGEST_FIRST) {
            if (!out.contains(e.english())) continue;
            String said = Matcher.quoteReplacement(e.phrase().toString());
            out = Pattern.compile("\\b" + e.name() + " \\(" + Pattern.quote(e.english()) + "\\)").matcher(out).replaceAll(said);
            out = Pattern.compile("(?<![\\w(])" + Pattern.quote(e.english()) + "(?![\\w)])").matcher(out).replaceAll(said);
        }
        return out;
    }
}
