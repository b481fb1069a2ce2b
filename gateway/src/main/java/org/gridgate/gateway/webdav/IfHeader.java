package org.gridgate.gateway.webdav;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The WebDAV {@code If} header (RFC 4918 §10.4): lists of conditions in parentheses, each a state token
 * {@code <...>} or an entity tag {@code [...]}, optionally negated with {@code Not}. The header holds if any list
 * holds; a list holds if all its conditions do. Resource tags before a list are read but not told apart: every
 * list is checked against the request's resource.
 */
final class IfHeader {

    private record Condition(boolean negated, boolean isToken, String value) {
    }

    private final List<List<Condition>> lists;

    private IfHeader(List<List<Condition>> lists) {
        this.lists = lists;
    }

    /** Parses the header; a header we cannot read counts as a precondition that does not hold. */
    static IfHeader parse(String header) {
        List<List<Condition>> lists = new ArrayList<>();
        int i = 0;
        while (i < header.length()) {
            char c = header.charAt(i);
            if (c == '<') {
                int end = header.indexOf('>', i);
                i = end < 0 ? header.length() : end + 1;
            } else if (c == '(') {
                int end = header.indexOf(')', i);
                if (end < 0) {
                    return new IfHeader(List.of());
                }
                List<Condition> conditions = conditions(header.substring(i + 1, end));
                if (conditions == null) {
                    return new IfHeader(List.of());
                }
                lists.add(conditions);
                i = end + 1;
            } else {
                i++;
            }
        }
        return new IfHeader(lists);
    }

    /** The conditions of one list; null if one of them is not terminated. */
    private static List<Condition> conditions(String list) {
        List<Condition> conditions = new ArrayList<>();
        boolean negated = false;
        int i = 0;
        while (i < list.length()) {
            char c = list.charAt(i);
            if (list.startsWith("Not", i)) {
                negated = true;
                i += 3;
            } else if (c == '<' || c == '[') {
                int end = list.indexOf(c == '<' ? '>' : ']', i);
                if (end < 0) {
                    return null;   // unterminated: the header cannot be read (found by HeadersFuzzTest)
                }
                conditions.add(new Condition(negated, c == '<', list.substring(i + 1, end)));
                negated = false;
                i = end + 1;
            } else {
                i++;
            }
        }
        return conditions;
    }

    /**
     * @param tokenValid whether a state token names a lock that covers the resource
     * @param etag       the resource's current quoted entity tag, or null if it does not exist
     */
    boolean holds(Predicate<String> tokenValid, String etag) {
        for (List<Condition> list : lists) {
            boolean all = !list.isEmpty();
            for (Condition condition : list) {
                boolean matches = condition.isToken() ? tokenValid.test(condition.value())
                        : etag != null && (condition.value().equals(etag) || ("W/" + etag).equals(condition.value()));
                if (matches == condition.negated()) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** Whether the header names {@code token} anywhere (the client shows it holds that lock). */
    static boolean names(String header, String token) {
        return header != null && header.contains("<" + token + ">");
    }
}
