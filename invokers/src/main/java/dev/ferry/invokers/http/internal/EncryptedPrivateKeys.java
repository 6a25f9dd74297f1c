package dev.ferry.invokers.http.internal;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Decrypts an encrypted PKCS#8 private key with every password-based scheme the JDK offers: PBES1
 * (e.g. {@code PBEWithSHA1AndRC4_128}, which StateFun's own test key uses, or {@code
 * PBEWithSHA1AndDESede}) and PBES2 (e.g. {@code PBEWithHmacSHA256AndAES_256}, openssl's default).
 */
public final class EncryptedPrivateKeys {
    private static final String PBES2 = "PBES2";
    private static final String PBES2_OID = "1.2.840.113549.1.5.13";

    private EncryptedPrivateKeys() {}

    /**
     * Why a key could not be decrypted: a scheme the JDK does not offer, or (see {@link
     * #wrongPassword()}) a password that does not open it.
     */
    public static final class DecryptionException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean wrongPassword;

        DecryptionException(String message, boolean wrongPassword, Throwable cause) {
            super(message, cause);
            this.wrongPassword = wrongPassword;
        }

        /** True when the scheme is supported but the password did not open the key. */
        public boolean wrongPassword() {
            return wrongPassword;
        }
    }

    /** The DER of the unencrypted PKCS#8 key inside {@code der} (an EncryptedPrivateKeyInfo). */
    public static byte[] decrypt(byte[] der, char[] password) throws DecryptionException {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            // The JDK parses the scheme's parameters here: a PBES2 key encrypted with a cipher it
            // does not offer (3DES, say) fails now.
            throw new DecryptionException(
                    "its encryption scheme is not one this JDK can decrypt ("
                            + e.getMessage()
                            + ")",
                    false,
                    e);
        }
        String scheme = scheme(info);
        Cipher cipher;
        SecretKey secret;
        try {
            secret = SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password));
            cipher = Cipher.getInstance(scheme);
        } catch (NoSuchAlgorithmException | javax.crypto.NoSuchPaddingException e) {
            throw new DecryptionException(
                    "its encryption scheme " + scheme + " is not one this JDK offers", false, e);
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(
                    "its encryption scheme " + scheme + " cannot be used: " + e.getMessage(),
                    false,
                    e);
        }
        try {
            cipher.init(Cipher.DECRYPT_MODE, secret, info.getAlgParameters());
            // getKeySpec also parses the decrypted bytes: a wrong password that happens to leave
            // valid padding (or a stream cipher, which has none) fails here too.
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException e) {
            // The cause's text varies with the scheme and the JDK, and says no more than this.
            throw new DecryptionException(scheme, true, e);
        }
    }

    /**
     * The name to look the cipher up by. A PBES1 key names it in its algorithm identifier; a PBES2
     * key's identifier says only "PBES2", and its parameters name the real scheme.
     */
    static String scheme(EncryptedPrivateKeyInfo info) {
        String name = info.getAlgName();
        AlgorithmParameters parameters = info.getAlgParameters();
        if ((PBES2.equalsIgnoreCase(name) || PBES2_OID.equals(name)) && parameters != null) {
            return parameters.toString();
        }
        return name;
    }
}
