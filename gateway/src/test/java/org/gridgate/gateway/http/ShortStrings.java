package org.gridgate.gateway.http;

import java.util.function.Consumer;

/** Every string up to a length over a small alphabet, for tests that hold a shortcut equal to the general form. */
final class ShortStrings {

    private ShortStrings() {
    }

    /** @return how many strings {@code check} was given: all of length 0 to {@code maxLength}, the empty one first */
    static int each(char[] alphabet, int maxLength, Consumer<String> check) {
        int checked = 0;
        for (int length = 0; length <= maxLength; length++) {
            int[] digits = new int[length];
            for (boolean more = true; more; ) {
                StringBuilder text = new StringBuilder(length);
                for (int digit : digits) {
                    text.append(alphabet[digit]);
                }
                check.accept(text.toString());
                checked++;
                more = false;
                for (int i = length - 1; i >= 0 && !more; i--) {
                    digits[i] = (digits[i] + 1) % alphabet.length;
                    more = digits[i] != 0;
                }
            }
        }
        return checked;
    }
}
