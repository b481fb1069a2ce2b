package org.gridgate.caveat.policy;

import java.util.Optional;

/**
 * A path prefix from the policy file, possibly holding {@code ${username}}. Resolved per requester; a template
 * that needs a username resolves to nothing for a requester without a safe one.
 */
record PathTemplate(String template) {

    static final String USERNAME = "${username}";

    boolean needsUsername() {
        return template.contains(USERNAME);
    }

    /**
     * The normalised prefix for a requester with {@code username}. A username that could change the shape of the
     * path (a slash, a dot segment) is treated as absent: we refuse rather than guess which directory was meant.
     */
    Optional<String> resolve(Optional<String> username) {
        if (!needsUsername()) {
            return StoragePaths.normalise(template);
        }
        return username.filter(PathTemplate::isSafeSegment)
                .flatMap(name -> StoragePaths.normalise(template.replace(USERNAME, name)));
    }

    private static boolean isSafeSegment(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.chars().noneMatch(Character::isISOControl) && !name.contains("${");
    }
}
