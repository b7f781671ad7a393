package io.loa.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A block of IP addresses in CIDR notation, such as {@code 10.0.0.0/8} or {@code 2002::/16}. */
record AddressBlock(byte[] prefix, int bits) {

    /** The block a CIDR literal names; only ever given literals, so nothing is looked up. */
    static AddressBlock of(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            return new AddressBlock(
                    InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                    Integer.parseInt(cidr.substring(slash + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an address block: " + cidr, e);
        }
    }

    /** True when the address, given as its bytes, is of the same family and starts with the block's prefix. */
    boolean contains(byte[] address) {
        if (address.length != prefix.length) {
            return false;
        }
        for (int bit = 0; bit < bits; bit++) {
            int mask = 0x80 >>> bit % 8;
            if ((address[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
