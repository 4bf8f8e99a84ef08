// SPDX-License-Identifier: MIT
#include "tlsidentity.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QtEndian>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <functional>
#include <memory>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

template<typename T, void (*Free)(T *)>
struct Deleter
{
    void operator()(T *pointer) const { Free(pointer); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CertificatePtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES, GENERAL_NAMES_free>>;

constexpr long ValiditySeconds = 10L * 365 * 24 * 3600;

QByteArray pem(const std::function<int(BIO *)> &write)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1) {
        return {};
    }
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

bool addExtension(X509 *certificate, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (!extension) {
        return false;
    }
    const bool added = X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

bool addAlternativeNames(X509 *certificate, const QStringList &names, const QStringList &addresses)
{
    NamesPtr general(GENERAL_NAMES_new());
    for (const QString &name : names) {
        const QByteArray ascii = name.toLatin1();
        GENERAL_NAME *entry = GENERAL_NAME_new();
        ASN1_IA5STRING *text = ASN1_IA5STRING_new();
        ASN1_STRING_set(text, ascii.constData(), int(ascii.size()));
        GENERAL_NAME_set0_value(entry, GEN_DNS, text);
        sk_GENERAL_NAME_push(general.get(), entry);
    }
    for (const QString &literal : addresses) {
        const QHostAddress address(literal);
        QByteArray raw;
        if (address.protocol() == QAbstractSocket::IPv4Protocol) {
            const quint32 v4 = qToBigEndian(address.toIPv4Address());
            raw = QByteArray(reinterpret_cast<const char *>(&v4), 4);
        } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
            const Q_IPV6ADDR v6 = address.toIPv6Address();
            raw = QByteArray(reinterpret_cast<const char *>(v6.c), 16);
        } else {
            continue;
        }
        GENERAL_NAME *entry = GENERAL_NAME_new();
        ASN1_OCTET_STRING *octets = ASN1_OCTET_STRING_new();
        ASN1_OCTET_STRING_set(
            octets, reinterpret_cast<const unsigned char *>(raw.constData()), int(raw.size()));
        GENERAL_NAME_set0_value(entry, GEN_IPADD, octets);
        sk_GENERAL_NAME_push(general.get(), entry);
    }
    return X509_add1_ext_i2d(certificate, NID_subject_alt_name, general.get(), 0, 0) == 1;
}

// A new self-signed certificate and its key, as PEM; empty on failure.
std::pair<QByteArray, QByteArray> createSelfSigned(
    const QString &commonName, const QStringList &names, const QStringList &addresses)
{
    KeyPtr key(EVP_EC_gen("P-256"));
    CertificatePtr certificate(X509_new());
    if (!key || !certificate) {
        return {};
    }
    X509_set_version(certificate.get(), 2); // v3
    unsigned char serial[16];
    if (RAND_bytes(serial, sizeof serial) != 1) {
        return {};
    }
    serial[0] &= 0x7f; // a positive number
    BIGNUM *number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate.get()));
    BN_free(number);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600); // clocks differ a little
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), ValiditySeconds);
    X509_set_pubkey(certificate.get(), key.get());
    X509_NAME *subject = X509_get_subject_name(certificate.get());
    const QByteArray cn = commonName.left(64).toUtf8();
    X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8,
        reinterpret_cast<const unsigned char *>("Hibiki room"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
        reinterpret_cast<const unsigned char *>(cn.constData()), int(cn.size()), -1, 0);
    X509_set_issuer_name(certificate.get(), subject);
    const bool extended
        = addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE")
        && addExtension(certificate.get(), NID_key_usage, "critical,digitalSignature")
        && addExtension(certificate.get(), NID_ext_key_usage, "serverAuth")
        && addAlternativeNames(certificate.get(), names, addresses);
    if (!extended || X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) {
        return {};
    }
    const QByteArray certificatePem
        = pem([&](BIO *bio) { return PEM_write_bio_X509(bio, certificate.get()); });
    const QByteArray keyPem = pem([&](BIO *bio) {
        return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    return {certificatePem, keyPem};
}

} // namespace

bool writePrivateFile(const QString &path, QByteArrayView bytes, QString *error)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = u"cannot create %1: %2"_s.arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, size_t(bytes.size() - written));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            *error
                = u"cannot write %1: %2"_s.arg(path, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            ::unlink(native.constData());
            return false;
        }
        written += n;
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) {
        *error = u"cannot write %1"_s.arg(path);
        return false;
    }
    return true;
}

QString TlsIdentity::fingerprint() const
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex());
}

std::optional<TlsIdentity> TlsIdentity::loadOrCreate(const QString &directory,
    const QStringList &names, const QStringList &addresses, QString *error)
{
    if (!QDir().mkpath(directory)) {
        *error = u"cannot create TLS directory %1"_s.arg(directory);
        return std::nullopt;
    }
    const QDir dir(directory);
    const QString certificatePath = dir.filePath(u"cert.pem"_s);
    const QString keyPath = dir.filePath(u"key.pem"_s);
    const bool haveCertificate = QFileInfo::exists(certificatePath);
    const bool haveKey = QFileInfo::exists(keyPath);
    if (haveCertificate != haveKey) {
        *error = u"%1 has %2 but not %3; give both or neither"_s.arg(directory,
            haveCertificate ? u"cert.pem"_s : u"key.pem"_s,
            haveCertificate ? u"key.pem"_s : u"cert.pem"_s);
        return std::nullopt;
    }
    if (!haveCertificate) {
        const auto [certificatePem, keyPem]
            = createSelfSigned(names.value(0, u"localhost"_s), names, addresses);
        if (certificatePem.isEmpty() || keyPem.isEmpty()) {
            *error = u"cannot create a certificate (OpenSSL)"_s;
            return std::nullopt;
        }
        // The key first, so that a certificate never exists without it.
        if (!writePrivateFile(keyPath, keyPem, error)) {
            return std::nullopt;
        }
        QFile file(certificatePath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)
            || file.write(certificatePem) != certificatePem.size() || !file.flush()) {
            *error = u"cannot write %1"_s.arg(certificatePath);
            return std::nullopt;
        }
    }
    TlsIdentity identity;
    const QList<QSslCertificate> certificates
        = QSslCertificate::fromPath(certificatePath, QSsl::Pem);
    if (certificates.isEmpty()) {
        *error = u"%1 holds no PEM certificate"_s.arg(certificatePath);
        return std::nullopt;
    }
    identity.certificate = certificates.first();
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1"_s.arg(keyPath);
        return std::nullopt;
    }
    const QByteArray keyPem = keyFile.readAll();
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
        identity.key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!identity.key.isNull()) {
            break;
        }
    }
    if (identity.key.isNull()) {
        *error = u"%1 holds no EC or RSA private key in PEM"_s.arg(keyPath);
        return std::nullopt;
    }
    return identity;
}

} // namespace hibiki
