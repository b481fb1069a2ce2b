package org.gridgate.gateway.tpc;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks a remote's host up once and admits it only if the policy allows every address it resolved to. The result
 * carries those addresses, and the copy connects to them only: the check and the connection see the same answer.
 */
final class RemoteResolver {

    /** The name service; the JDK's by default (which also parses IP literals without a lookup). */
    @FunctionalInterface
    interface NameService {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    private final RemotePolicy policy;
    private final NameService names;

    RemoteResolver(RemotePolicy policy) {
        this(policy, InetAddress::getAllByName);
    }

    RemoteResolver(RemotePolicy policy, NameService names) {
        this.policy = policy;
        this.names = names;
    }

    /**
     * @param uri an https URL with a host
     * @throws RemoteRefusedException if the policy refuses the host or any of its addresses
     * @throws UnknownHostException   if the host does not resolve
     */
    RemoteEndpoint admit(URI uri) throws RemoteRefusedException, UnknownHostException {
        String host = uri.getHost();
        policy.checkName(host);
        List<InetAddress> addresses = List.of(names.lookup(host));
        policy.check(host, addresses);
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return new RemoteEndpoint(bare, uri.getPort() < 0 ? RemoteEndpoint.HTTPS_PORT : uri.getPort(),
                addresses);
    }
}
