/**
 * Real files made on Debian 12 by `dpkg-buildpackage -us -uc` for a tiny arch:all package
 * (hello-mbd 1.0, 3.0 (native)), the .changes then clearsigned by `gpg --clearsign` with an ed25519 key.
 * The .buildinfo's Installed-Build-Depends list is shortened. Shared by the unit tests.
 */
export const helloChangesSigned = `-----BEGIN PGP SIGNED MESSAGE-----
Hash: SHA256

Format: 1.8
Date: Mon, 02 Jan 2023 10:00:00 +0100
Source: hello-mbd
Binary: hello-mbd
Architecture: source all
Version: 1.0
Distribution: bookworm-test-unstable
Urgency: medium
Maintainer: Mbd Tester <tester@example.org>
Changed-By: Mbd Tester <tester@example.org>
Description:
 hello-mbd  - test package for mbd
Closes: 1234
Changes:
 hello-mbd (1.0) bookworm-test-unstable; urgency=medium
 .
   * Initial release. (Closes: #1234)
   * Second line
     continued here.
Checksums-Sha1:
 30b108869b249ec4648d252e8de38dbd7ae9a92b 506 hello-mbd_1.0.dsc
 1ada1cd048dfa89231a5d9c9b53753d0f7ffc81d 736 hello-mbd_1.0.tar.xz
 1a52e9cd1f0296f2e3547bceb217581ebdd7540d 1180 hello-mbd_1.0_all.deb
 8a7c76eec71e9e2daec58478b5cb093e78085bc0 5253 hello-mbd_1.0_amd64.buildinfo
Checksums-Sha256:
 6d1a140e3184cc8ffcb6c51e2dab4c38b647d8ab19faf6ff05383c02fe03271f 506 hello-mbd_1.0.dsc
 463e2af4b7ba8861c58f86e3d13add69dc827c5d41922830a785c6c4b406f25a 736 hello-mbd_1.0.tar.xz
 8737b0c5894345e71abe9d005006fe6c804ab198f9e9f4e9e99997576c278d00 1180 hello-mbd_1.0_all.deb
 8a923897ab35c9f70ab9ec449ced731fe398cb9f6e2799b952b9431b8bfe5fb8 5253 hello-mbd_1.0_amd64.buildinfo
Files:
 8692ed1a297cd35d852d60f8762b2daf 506 misc optional hello-mbd_1.0.dsc
 b00104957613c23bcdaa5e6ec5064341 736 misc optional hello-mbd_1.0.tar.xz
 afd91a390ff1d2b1003754f5d972a278 1180 misc optional hello-mbd_1.0_all.deb
 5d3ac9a7b5b0df549316c0a7e85e1bb0 5253 misc optional hello-mbd_1.0_amd64.buildinfo
-----BEGIN PGP SIGNATURE-----

iHUEARYIAB0WIQTnkcWlyviJi4DgG9YgodAO+q9JnQUCawZ9lgAKCRAgodAO+q9J
nTfwAQDE5woF6C80Mx0+7GzubOK9i3ggYNlJEXMzE2N25XRlywD5AYUlQZQzQ+4m
46RBbanFhl+GBQNtNopVskiX8TSdQw8=
=ck1t
-----END PGP SIGNATURE-----
`;

export const helloDsc = `Format: 3.0 (native)
Source: hello-mbd
Binary: hello-mbd
Architecture: all
Version: 1.0
Maintainer: Mbd Tester <tester@example.org>
Standards-Version: 4.6.2
Build-Depends: debhelper-compat (= 13)
Package-List:
 hello-mbd deb misc optional arch=all
Checksums-Sha1:
 1ada1cd048dfa89231a5d9c9b53753d0f7ffc81d 736 hello-mbd_1.0.tar.xz
Checksums-Sha256:
 463e2af4b7ba8861c58f86e3d13add69dc827c5d41922830a785c6c4b406f25a 736 hello-mbd_1.0.tar.xz
Files:
 b00104957613c23bcdaa5e6ec5064341 736 hello-mbd_1.0.tar.xz
`;

export const helloBuildinfo = `Format: 1.0
Source: hello-mbd
Binary: hello-mbd
Architecture: all source
Version: 1.0
Checksums-Md5:
 8692ed1a297cd35d852d60f8762b2daf 506 hello-mbd_1.0.dsc
 afd91a390ff1d2b1003754f5d972a278 1180 hello-mbd_1.0_all.deb
Checksums-Sha1:
 30b108869b249ec4648d252e8de38dbd7ae9a92b 506 hello-mbd_1.0.dsc
 1a52e9cd1f0296f2e3547bceb217581ebdd7540d 1180 hello-mbd_1.0_all.deb
Checksums-Sha256:
 6d1a140e3184cc8ffcb6c51e2dab4c38b647d8ab19faf6ff05383c02fe03271f 506 hello-mbd_1.0.dsc
 8737b0c5894345e71abe9d005006fe6c804ab198f9e9f4e9e99997576c278d00 1180 hello-mbd_1.0_all.deb
Build-Origin: Debian
Build-Architecture: amd64
Build-Date: Wed, 25 Nov 2026 06:17:55 +0000
Build-Tainted-By:
 merged-usr-via-aliased-dirs
 usr-local-has-configs
 usr-local-has-libraries
 usr-local-has-programs
Installed-Build-Depends:
 autoconf (= 2.71-3),
 automake (= 1:1.16.5-1.3),
 autopoint (= 0.21-12),
 autotools-dev (= 20220109.1),
 base-files (= 12.4+deb12u11),
 zlib1g (= 1:1.2.13.dfsg-1)
Environment:
 DEB_BUILD_OPTIONS="parallel=2"
 LANG="C.UTF-8"
 SOURCE_DATE_EPOCH="1672650000"
`;
